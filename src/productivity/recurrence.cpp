#include "productivity/recurrence.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <tuple>

namespace convonet::productivity {

namespace {

using std::chrono::seconds;

constexpr std::size_t kMaxRuleLength = 1024;
constexpr int kMaxInterval = 1000;
constexpr int kMaxCount = 10000;
// Expansion never looks at more candidate dates than this, whatever the window.
constexpr std::int64_t kMaxSteps = 100'000;
// Beyond this nothing is expanded: iCalendar cannot represent it and date::days is an int.
constexpr date::local_days kLastDay{date::year{9999} / 12 / 31};
constexpr date::sys_days kFirstSysDay{date::year{1} / 1 / 1};
constexpr date::sys_days kLastSysDay{date::year{9999} / 12 / 31};

// Indexed by weekday::c_encoding() (Sunday is 0), as RFC 5545 spells them.
constexpr std::array<std::string_view, 7> kDayNames = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

Error invalid(std::string message) {
  return Error::unprocessable(std::move(message), "invalid_rrule");
}

// User text echoed in messages, kept short so an error never becomes a payload.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxEcho = 40;
  // Appending (rather than "'" + string) also sidesteps GCC 12's false -Wrestrict warning.
  std::string out = "'";
  out += text.substr(0, kMaxEcho);
  out += text.size() <= kMaxEcho ? "'" : "...'";
  return out;
}

std::string to_upper_trimmed(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::optional<int> parse_number(std::string_view text, int min, int max) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<date::weekday> parse_weekday(std::string_view text) {
  for (unsigned i = 0; i < kDayNames.size(); ++i) {
    if (kDayNames[i] == text) return date::weekday{i};
  }
  return std::nullopt;
}

std::optional<Timestamp> parse_until(std::string_view text) {
  const bool date_only = text.size() == 8;
  const bool date_time = text.size() == 16 && text[8] == 'T' && text[15] == 'Z';
  if (!date_only && !date_time) return std::nullopt;
  const auto year = parse_number(text.substr(0, 4), 1, 9999);
  const auto month = parse_number(text.substr(4, 2), 1, 12);
  const auto day = parse_number(text.substr(6, 2), 1, 31);
  if (!year || !month || !day) return std::nullopt;
  const date::year_month_day ymd{date::year{*year}, date::month{unsigned(*month)},
                                 date::day{unsigned(*day)}};
  if (!ymd.ok()) return std::nullopt;
  const date::sys_days midnight{ymd};
  // A date-only UNTIL includes the whole of that (UTC) day.
  if (date_only) return midnight + date::days{1} - seconds{1};
  const auto hour = parse_number(text.substr(9, 2), 0, 23);
  const auto minute = parse_number(text.substr(11, 2), 0, 59);
  const auto second = parse_number(text.substr(13, 2), 0, 59);
  if (!hour || !minute || !second) return std::nullopt;
  return midnight + std::chrono::hours{*hour} + std::chrono::minutes{*minute} + seconds{*second};
}

// Monday-first position, the order BYDAY is kept in.
unsigned day_rank(date::weekday day) {
  return (day - date::Monday).count();
}

void sort_days(RecurrenceRule& rule) {
  auto& plain = rule.by_day;
  std::sort(plain.begin(), plain.end(),
            [](date::weekday a, date::weekday b) { return day_rank(a) < day_rank(b); });
  plain.erase(std::unique(plain.begin(), plain.end()), plain.end());

  // Positive ordinals first (1MO before 2MO), then negative ones (-2FR before -1FR).
  const auto key = [](const NthWeekday& d) { return std::tuple{d.n < 0, d.n, day_rank(d.day)}; };
  auto& nth = rule.by_nth_day;
  std::sort(nth.begin(), nth.end(),
            [&](const NthWeekday& a, const NthWeekday& b) { return key(a) < key(b); });
  nth.erase(std::unique(nth.begin(), nth.end()), nth.end());
}

Status parse_by_day(std::string_view value, RecurrenceRule& rule) {
  while (true) {
    const auto comma = value.find(',');
    const std::string_view entry = value.substr(0, comma);
    const auto day =
        entry.size() >= 2 ? parse_weekday(entry.substr(entry.size() - 2)) : std::nullopt;
    if (!day) return invalid("BYDAY entry " + quoted(entry) + " is not a weekday (MO..SU)");
    std::string_view ordinal = entry.substr(0, entry.size() - 2);
    if (ordinal.empty()) {
      rule.by_day.push_back(*day);
    } else {
      if (rule.freq != Frequency::monthly) {
        return invalid("BYDAY entry " + quoted(entry) + " has an ordinal, allowed only with " +
                       "FREQ=MONTHLY");
      }
      const bool negative = ordinal.front() == '-';
      if (negative || ordinal.front() == '+') ordinal.remove_prefix(1);
      const auto n = parse_number(ordinal, 1, 5);
      if (!n) {
        return invalid("BYDAY entry " + quoted(entry) + " needs an ordinal of 1..5 or -5..-1");
      }
      rule.by_nth_day.push_back({negative ? -*n : *n, *day});
    }
    if (comma == std::string_view::npos) return {};
    value.remove_prefix(comma + 1);
  }
}

Status parse_part(std::string_view name, std::string_view value, RecurrenceRule& rule) {
  if (name == "FREQ") {
    if (value == "DAILY") {
      rule.freq = Frequency::daily;
    } else if (value == "WEEKLY") {
      rule.freq = Frequency::weekly;
    } else if (value == "MONTHLY") {
      rule.freq = Frequency::monthly;
    } else {
      return invalid("FREQ " + quoted(value) + " is not supported (DAILY, WEEKLY, MONTHLY)");
    }
  } else if (name == "INTERVAL") {
    const auto interval = parse_number(value, 1, kMaxInterval);
    if (!interval) return invalid("INTERVAL must be a whole number from 1 to 1000");
    rule.interval = *interval;
  } else if (name == "COUNT") {
    const auto count = parse_number(value, 1, kMaxCount);
    if (!count) return invalid("COUNT must be a whole number from 1 to 10000");
    rule.count = count;
  } else if (name == "UNTIL") {
    const auto until = parse_until(value);
    if (!until) return invalid("UNTIL must be a valid YYYYMMDD or YYYYMMDDTHHMMSSZ");
    rule.until = until;
  } else {
    return invalid("RRULE part " + quoted(name) + " is not supported");
  }
  return {};
}

std::string format_until(Timestamp t) {
  const auto day = std::chrono::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{t - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02uT%02d%02d%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buffer;
}

const char* freq_name(Frequency freq) {
  switch (freq) {
    case Frequency::daily:
      return "DAILY";
    case Frequency::weekly:
      return "WEEKLY";
    case Frequency::monthly:
      return "MONTHLY";
  }
  return "DAILY";
}

// ---- Expansion -------------------------------------------------------------------------

const date::time_zone* find_zone(const std::string& tz) {
  try {
    return date::locate_zone(tz.empty() ? std::string("UTC") : tz);
  } catch (const std::runtime_error&) {
    throw std::invalid_argument("unknown time zone: " + tz);
  }
}

// The wall-clock time `day` + `time_of_day` in `zone` (DST policy: core's local_to_utc).
Timestamp to_sys(const date::time_zone& zone, date::local_days day, seconds time_of_day) {
  return local_to_utc(zone, day + time_of_day);
}

std::optional<date::local_days> day_at(std::int64_t index) {
  if (index > kLastDay.time_since_epoch().count()) return std::nullopt;
  return date::local_days{date::days{static_cast<int>(index)}};
}

// Appends the days of month `ym` that fall on `day`.
void every_weekday_in(date::year_month ym, date::weekday day, std::vector<date::local_days>& out) {
  for (date::local_days d{ym / day[1]}; date::year_month_day{d}.month() == ym.month();
       d += date::days{7}) {
    out.push_back(d);
  }
}

void nth_weekday_in(date::year_month ym, NthWeekday nth, std::vector<date::local_days>& out) {
  if (nth.n > 0) {
    const auto ymw = ym / nth.day[static_cast<unsigned>(nth.n)];
    if (ymw.ok()) out.push_back(date::local_days{ymw});
    return;
  }
  const date::local_days d =
      date::local_days{ym / nth.day[date::last]} - date::days{7 * (-nth.n - 1)};
  if (date::year_month_day{d}.month() == ym.month()) out.push_back(d);
}

// Fills `out` with the candidate local days of the rule's `period`-th period (ascending).
// Returns false once the period lies beyond what can be represented.
bool period_days(const RecurrenceRule& rule, date::local_days first_day, std::int64_t period,
                 std::vector<date::local_days>& out) {
  out.clear();
  const std::int64_t step = period * rule.interval;
  const std::int64_t first_index = first_day.time_since_epoch().count();
  switch (rule.freq) {
    case Frequency::daily: {
      const auto day = day_at(first_index + step);
      if (!day) return false;
      const date::weekday wd{*day};
      if (rule.by_day.empty() ||
          std::find(rule.by_day.begin(), rule.by_day.end(), wd) != rule.by_day.end()) {
        out.push_back(*day);
      }
      return true;
    }
    case Frequency::weekly: {
      const std::int64_t monday = first_index - day_rank(date::weekday{first_day});
      if (!day_at(monday + 7 * step + 6)) return false;
      if (rule.by_day.empty()) {
        out.push_back(*day_at(first_index + 7 * step));
      } else {
        for (date::weekday wd : rule.by_day)
          out.push_back(*day_at(monday + 7 * step + day_rank(wd)));
      }
      return true;
    }
    case Frequency::monthly: {
      const date::year_month_day first{first_day};
      const std::int64_t month_index =
          std::int64_t{int(first.year())} * 12 + (unsigned(first.month()) - 1) + step;
      if (month_index / 12 > 9999) return false;
      const date::year_month ym{date::year{static_cast<int>(month_index / 12)},
                                date::month{static_cast<unsigned>(month_index % 12 + 1)}};
      if (rule.by_day.empty() && rule.by_nth_day.empty()) {
        // RFC 5545: a month without the start's day of month (e.g. the 31st) is skipped.
        const auto ymd = ym / first.day();
        if (ymd.ok()) out.push_back(date::local_days{ymd});
        return true;
      }
      for (date::weekday wd : rule.by_day) every_weekday_in(ym, wd, out);
      for (const NthWeekday& nth : rule.by_nth_day) nth_weekday_in(ym, nth, out);
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return true;
    }
  }
  return false;
}

class Expansion {
 public:
  Expansion(const RecurrenceRule& rule, seconds duration, Timestamp from, Timestamp to,
            std::size_t max)
      : rule_(rule), duration_(duration), from_(from), to_(to), max_(max) {}

  // Counts the occurrence starting at `start` and keeps it if it overlaps the window.
  // Returns false once no later occurrence can be wanted.
  bool offer(Timestamp start) {
    if (rule_.until && start > *rule_.until) return false;
    if (rule_.count && counted_ >= *rule_.count) return false;
    ++counted_;
    if (start >= to_) return false;
    const Timestamp end = start + duration_;
    if (end > from_ || start >= from_) found_.push_back({start, end});
    return found_.size() < max_;
  }

  // Occurrences the caller skipped arithmetically without offering them.
  void skip(std::int64_t occurrences) { counted_ += occurrences; }

  std::vector<Occurrence> take() && { return std::move(found_); }

 private:
  const RecurrenceRule& rule_;
  seconds duration_;
  Timestamp from_;
  Timestamp to_;
  std::size_t max_;
  std::int64_t counted_ = 0;
  std::vector<Occurrence> found_;
};

// The first period worth generating for a window starting at `from`: earlier periods end
// before it. Skipping is done only where it keeps COUNT exact (the number of skipped
// occurrences is known), otherwise the bounded walk from the start does the work.
std::int64_t first_period(const RecurrenceRule& rule, date::local_days first_day, Timestamp dtstart,
                          seconds duration, Timestamp from, Expansion& expansion) {
  if (from <= dtstart + duration) return 0;
  // Two days of slack absorb any UTC offset between local and UTC days.
  const auto earliest = std::chrono::floor<date::days>(from - duration) - date::days{2};
  const std::int64_t gap =
      earliest.time_since_epoch().count() - first_day.time_since_epoch().count();
  if (gap <= 0) return 0;
  switch (rule.freq) {
    case Frequency::daily: {
      if (rule.count && !rule.by_day.empty()) return 0;
      const std::int64_t period = gap / rule.interval;
      // Periods 1..period-1 each held exactly one occurrence (period 0 is DTSTART itself).
      if (period > 1) expansion.skip(period - 1);
      return period;
    }
    case Frequency::weekly:
      if (rule.count) return 0;
      return std::max<std::int64_t>(0, gap / (7 * rule.interval) - 1);
    case Frequency::monthly: {
      if (rule.count) return 0;
      const date::year_month_day a{first_day}, b{date::sys_days{earliest}};
      const std::int64_t months = (int(b.year()) - int(a.year())) * 12 +
                                  (int(unsigned(b.month())) - int(unsigned(a.month())));
      return std::max<std::int64_t>(0, months / rule.interval - 1);
    }
  }
  return 0;
}

}  // namespace

Result<RecurrenceRule> parse_rrule(std::string_view text) {
  if (text.size() > kMaxRuleLength) return invalid("RRULE is too long");
  const std::string upper = to_upper_trimmed(text);
  std::string_view rest = upper;
  if (rest.starts_with("RRULE:")) rest.remove_prefix(6);
  if (rest.empty()) return invalid("RRULE is empty");

  RecurrenceRule rule;
  std::set<std::string_view> seen;
  std::optional<std::string_view> by_day;
  while (true) {
    const auto semicolon = rest.find(';');
    const std::string_view part = rest.substr(0, semicolon);
    if (part.empty()) return invalid("RRULE has an empty part (stray ';')");
    const auto equals = part.find('=');
    if (equals == std::string_view::npos || equals == 0 || equals + 1 == part.size()) {
      return invalid("RRULE part " + quoted(part) + " is not NAME=VALUE");
    }
    const std::string_view name = part.substr(0, equals);
    const std::string_view value = part.substr(equals + 1);
    if (!seen.insert(name).second) return invalid("RRULE part " + quoted(name) + " is repeated");
    if (name == "BYDAY") {
      by_day = value;  // read once FREQ is known, which may come later
    } else if (auto status = parse_part(name, value, rule); !status) {
      return std::move(status).error();
    }
    if (semicolon == std::string_view::npos) break;
    rest.remove_prefix(semicolon + 1);
  }

  if (!seen.contains("FREQ")) return invalid("RRULE needs a FREQ part");
  if (rule.count && rule.until) return invalid("RRULE cannot have both COUNT and UNTIL");
  if (by_day) {
    if (auto status = parse_by_day(*by_day, rule); !status) return std::move(status).error();
  }
  sort_days(rule);
  return rule;
}

std::string format_rrule(const RecurrenceRule& rule) {
  RecurrenceRule sorted = rule;
  sort_days(sorted);
  std::string out = std::string("FREQ=") + freq_name(rule.freq);
  if (rule.interval != 1) out += ";INTERVAL=" + std::to_string(rule.interval);
  if (rule.count) out += ";COUNT=" + std::to_string(*rule.count);
  if (rule.until) out += ";UNTIL=" + format_until(*rule.until);
  if (!sorted.by_day.empty() || !sorted.by_nth_day.empty()) {
    out += ";BYDAY=";
    std::string_view separator;
    for (date::weekday day : sorted.by_day) {
      out += separator;
      out += kDayNames[day.c_encoding()];
      separator = ",";
    }
    for (const NthWeekday& nth : sorted.by_nth_day) {
      out += separator;
      out += std::to_string(nth.n);
      out += kDayNames[nth.day.c_encoding()];
      separator = ",";
    }
  }
  return out;
}

std::vector<Occurrence> expand(const RecurrenceRule& rule, Timestamp dtstart, Timestamp dtend,
                               const std::string& tz, Timestamp from, Timestamp to,
                               std::size_t max) {
  const date::time_zone* zone = find_zone(tz);
  const auto representable = [](Timestamp t) { return t >= kFirstSysDay && t <= kLastSysDay; };
  if (max == 0 || from >= to || from > kLastSysDay) return {};
  if (!representable(dtstart) || !representable(dtend)) return {};

  RecurrenceRule r = rule;
  r.interval = std::max(r.interval, 1);
  sort_days(r);
  const seconds duration = std::max(dtend - dtstart, seconds{0});
  Expansion expansion(r, duration, from, to, max);
  if (!expansion.offer(dtstart)) return std::move(expansion).take();

  const date::local_seconds local_start = zone->to_local(dtstart);
  const date::local_days first_day = std::chrono::floor<date::days>(local_start);
  const seconds time_of_day = local_start - first_day;

  std::vector<date::local_days> days;
  std::int64_t period = first_period(r, first_day, dtstart, duration, from, expansion);
  for (std::int64_t steps = 0; steps < kMaxSteps; ++period) {
    if (!period_days(r, first_day, period, days)) break;
    steps += 1 + static_cast<std::int64_t>(days.size());
    for (date::local_days day : days) {
      if (day <= first_day) continue;  // DTSTART was offered already
      if (!expansion.offer(to_sys(*zone, day, time_of_day))) return std::move(expansion).take();
    }
  }
  return std::move(expansion).take();
}

bool is_occurrence(const RecurrenceRule& rule, Timestamp dtstart, Timestamp dtend,
                   const std::string& tz, Timestamp start) {
  // The one-second window holds the occurrence starting at `start`, if any, after those
  // still running then (events may last longer than their period).
  const auto found = expand(rule, dtstart, dtend, tz, start, start + seconds{1});
  return std::any_of(found.begin(), found.end(),
                     [&](const Occurrence& o) { return o.start == start; });
}

}  // namespace convonet::productivity
