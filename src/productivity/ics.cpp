#include "productivity/ics.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "productivity/recurrence.hpp"

namespace convonet::productivity {

namespace {

constexpr std::size_t kMaxLineOctets = 75;

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Appends `line` folded per RFC 5545 3.1: no line longer than 75 octets (CRLF excluded),
// continuation lines start with a space, and a multi-octet UTF-8 character is never split.
void append_line(std::string& out, std::string_view line) {
  std::size_t limit = kMaxLineOctets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && is_utf8_continuation(line[cut])) --cut;
    if (cut == 0) cut = limit;  // not UTF-8 at all: any cut is as good as another
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
}

// TEXT value escaping (RFC 5545 3.3.11). Control characters other than tab are not allowed
// in TEXT, so they are dropped; CRLF and lone CR become a single escaped newline.
std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

std::string format_date(date::sys_days day) {
  const date::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buffer;
}

// "20240305T093000": a DATE-TIME without its zone (RFC 5545 3.3.5).
std::string format_date_time(date::sys_seconds t) {
  const auto day = std::chrono::floor<date::days>(t);
  const date::hh_mm_ss hms{t - day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "T%02d%02d%02d", int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return format_date(day) + buffer;
}

std::string format_utc(Timestamp t) {
  return format_date_time(std::chrono::floor<std::chrono::seconds>(t)) + "Z";
}

// Wall-clock time in a zone, written like a UTC time without the Z.
std::string format_local(const date::time_zone& zone, Timestamp t) {
  const auto local = zone.to_local(std::chrono::floor<std::chrono::seconds>(t));
  return format_date_time(date::sys_seconds{local.time_since_epoch()});
}

// "+0100", "-0330", "+013045" (RFC 5545 3.3.14). Real offsets are within a day.
std::string format_offset(std::chrono::seconds offset) {
  const char sign = offset < std::chrono::seconds{0} ? '-' : '+';
  const int total = static_cast<int>(std::min<long>(std::labs(offset.count()), 86399));
  char buffer[32];
  if (total % 60 == 0) {
    std::snprintf(buffer, sizeof buffer, "%c%02d%02d", sign, total / 3600, total / 60 % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%c%02d%02d%02d", sign, total / 3600, total / 60 % 60,
                  total % 60);
  }
  return buffer;
}

// A recurring event repeats at the same wall-clock time in its zone, across daylight-saving
// changes, so its times are written in that zone (TZID) rather than in UTC, where a weekly
// 9:00 would drift to 10:00 for half the year. One-off events stay in UTC.
const date::time_zone* series_zone(const store::Event& event) {
  if (event.rrule.empty() || event.all_day || event.timezone.empty() || event.timezone == "UTC") {
    return nullptr;
  }
  try {
    return date::locate_zone(event.timezone);
  } catch (const std::exception&) {
    return nullptr;  // a zone gone from the tz database: fall back to UTC times
  }
}

// The zone's rules from `from` to `to` as one observance per offset change (DTSTART in the
// local time before the change), which every client can read without recurrence rules.
void append_vtimezone(std::string& out, const date::time_zone& zone, Timestamp from, Timestamp to) {
  append_line(out, "BEGIN:VTIMEZONE");
  append_line(out, "TZID:" + std::string(zone.name()));
  const auto begin = std::chrono::floor<std::chrono::seconds>(from);
  auto info = zone.get_info(begin);
  auto observance = [&](const date::sys_info& now_in_force, std::chrono::seconds offset_before,
                        date::sys_seconds starts) {
    const char* kind = now_in_force.save != std::chrono::minutes{0} ? "DAYLIGHT" : "STANDARD";
    append_line(out, std::string("BEGIN:") + kind);
    append_line(out, "DTSTART:" + format_date_time(starts + offset_before));
    append_line(out, "TZOFFSETFROM:" + format_offset(offset_before));
    append_line(out, "TZOFFSETTO:" + format_offset(now_in_force.offset));
    if (!now_in_force.abbrev.empty() &&
        now_in_force.abbrev.find_first_of(";:,\"\r\n") == std::string::npos) {
      append_line(out, "TZNAME:" + now_in_force.abbrev);
    }
    append_line(out, std::string("END:") + kind);
  };
  observance(info, info.offset, std::max(info.begin, begin));
  const auto end = std::chrono::floor<std::chrono::seconds>(to);
  // Bounded: zones change offset at most a few times a year.
  for (int guard = 0; info.end < end && guard < 1000; ++guard) {
    const auto next = zone.get_info(info.end);
    observance(next, info.offset, next.begin);
    info = next;
  }
  append_line(out, "END:VTIMEZONE");
}

// Only plain addresses make it into a CAL-ADDRESS: anything with spaces, quotes or iCalendar
// delimiters could break the line or smuggle in parameters.
bool is_plain_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return false;
  if (email.find('@', at + 1) != std::string_view::npos) return false;
  return std::none_of(email.begin(), email.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F ||
           std::string_view("\"\\;:,<>").find(c) != std::string_view::npos;
  });
}

// The stored rrule is re-rendered from its parsed form so nothing unvalidated reaches the
// feed. All-day events need a DATE UNTIL to match their DATE DTSTART (RFC 5545 3.3.10).
std::optional<std::string> rrule_line(const store::Event& event) {
  if (event.rrule.empty()) return std::nullopt;
  auto rule = parse_rrule(event.rrule);
  if (!rule) return std::nullopt;
  if (!event.all_day || !rule->until) return "RRULE:" + format_rrule(*rule);
  const auto until_day = std::chrono::floor<date::days>(*rule->until);
  rule->until.reset();
  return "RRULE:" + format_rrule(*rule) + ";UNTIL=" + format_date(until_day);
}

// How the event's date-times are written: ";VALUE=DATE" with dates for all-day events,
// ";TZID=<zone>" with wall-clock times for series kept in a zone, else UTC times.
class TimeForm {
 public:
  explicit TimeForm(const store::Event& event) : event_(event), zone_(series_zone(event)) {
    if (event.all_day) {
      parameters_ = ";VALUE=DATE";
    } else if (zone_) {
      parameters_ = ";TZID=" + std::string(zone_->name());
    }
  }

  const std::string& parameters() const { return parameters_; }

  std::string value(Timestamp t) const {
    if (event_.all_day) return format_date(day_of(t));
    return zone_ ? format_local(*zone_, t) : format_utc(t);
  }

 private:
  // DTSTART's date is the UTC date of the start, while occurrences are laid out by day in the
  // event's zone: a date keeps its distance in days from DTSTART's.
  date::sys_days day_of(Timestamp t) const {
    const auto first = std::chrono::floor<date::days>(event_.start);
    if (!is_known_timezone(event_.timezone)) return std::chrono::floor<date::days>(t);
    const auto* zone = date::locate_zone(event_.timezone);
    const auto local_day = [&](Timestamp u) {
      return std::chrono::floor<date::days>(zone->to_local(u));
    };
    return first + (local_day(t) - local_day(event_.start));
  }

  const store::Event& event_;
  const date::time_zone* zone_;
  std::string parameters_;
};

void append_times(std::string& out, const store::Event& event) {
  const TimeForm form(event);
  if (event.all_day) {
    // DTEND is exclusive: an end at or before the next midnight still means one whole day.
    const auto first = std::chrono::floor<date::days>(event.start);
    const auto last = std::max(std::chrono::ceil<date::days>(event.end), first + date::days{1});
    append_line(out, "DTSTART" + form.parameters() + ":" + format_date(first));
    append_line(out, "DTEND" + form.parameters() + ":" + format_date(last));
    return;
  }
  append_line(out, "DTSTART" + form.parameters() + ":" + form.value(event.start));
  append_line(out,
              "DTEND" + form.parameters() + ":" + form.value(std::max(event.end, event.start)));
}

// Cancelled occurrences, in the same form as DTSTART (RFC 5545 3.8.5.1), as one folded line.
void append_exdates(std::string& out, const store::Event& event) {
  if (event.exdates.empty()) return;
  const TimeForm form(event);
  std::string line = "EXDATE" + form.parameters() + ":";
  std::string_view separator;
  for (Timestamp t : event.exdates) {
    line += separator;
    line += form.value(t);
    separator = ",";
  }
  append_line(out, line);
}

void append_alarm(std::string& out, const store::Event& event) {
  if (!event.reminder_minutes) return;
  const int minutes = *event.reminder_minutes;
  // Negative reminder minutes mean "after the start".
  const std::string trigger =
      minutes >= 0 ? "-PT" + std::to_string(minutes) + "M" : "PT" + std::to_string(-minutes) + "M";
  append_line(out, "BEGIN:VALARM");
  append_line(out, "ACTION:DISPLAY");
  append_line(out, "TRIGGER:" + trigger);
  append_line(out, "DESCRIPTION:" + escape_text(event.title.empty() ? "Reminder" : event.title));
  append_line(out, "END:VALARM");
}

void append_event(std::string& out, const store::Event& event, std::string_view uid_domain,
                  const std::string& dtstamp) {
  append_line(out, "BEGIN:VEVENT");
  append_line(out, "UID:" + escape_text("event-" + std::to_string(event.id) + "@" +
                                        std::string(uid_domain)));
  append_line(out, "DTSTAMP:" + dtstamp);
  append_times(out, event);
  append_line(out, "SUMMARY:" + escape_text(event.title));
  if (!event.location.empty()) append_line(out, "LOCATION:" + escape_text(event.location));
  for (const std::string& attendee : event.attendees) {
    if (!is_plain_email(attendee)) continue;
    append_line(out, "ATTENDEE;CN=" + attendee + ":mailto:" + attendee);
  }
  if (const auto rrule = rrule_line(event)) {
    append_line(out, *rrule);
    append_exdates(out, event);
  }
  append_line(out, "CREATED:" + format_utc(event.created_at));
  append_line(out, "LAST-MODIFIED:" + format_utc(event.updated_at));
  append_alarm(out, event);
  append_line(out, "END:VEVENT");
}

}  // namespace

std::string render_ics(const std::vector<store::Event>& events, std::string_view calendar_name,
                       std::string_view uid_domain, Timestamp now) {
  std::string out;
  append_line(out, "BEGIN:VCALENDAR");
  append_line(out, "VERSION:2.0");
  append_line(out, "PRODID:-//ConvoNet//ConvoNet 0.1//EN");
  append_line(out, "CALSCALE:GREGORIAN");
  append_line(out, "X-WR-CALNAME:" + escape_text(calendar_name));
  // One VTIMEZONE per zone named by a TZID (RFC 5545 3.2.19), from a year before its
  // earliest series to five years past now or its latest start.
  std::map<std::string, std::pair<Timestamp, Timestamp>> zones;
  for (const store::Event& event : events) {
    if (series_zone(event) == nullptr) continue;
    auto [it, added] = zones.try_emplace(event.timezone, event.start, event.start);
    it->second.first = std::min(it->second.first, event.start);
    it->second.second = std::max(it->second.second, event.start);
  }
  constexpr auto kYear = date::days{366};
  for (const auto& [name, span] : zones) {
    append_vtimezone(out, *date::locate_zone(name), span.first - kYear,
                     std::max(now, span.second) + 5 * kYear);
  }
  const std::string dtstamp = format_utc(now);
  for (const store::Event& event : events) append_event(out, event, uid_domain, dtstamp);
  append_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace convonet::productivity
