#include "assistant/time/resolver.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "assistant/time/detail/tokens.hpp"

namespace convonet::assistant::time {

namespace {

using date::local_days;
using date::local_seconds;
using detail::Token;
using detail::TokenKind;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using Days = date::days;

// ---------------------------------------------------------------------------------------------
// What the grammar recognises, before any of it is placed on the calendar.

enum class Meridiem { none, am, pm };

struct Clock {
  int hour = 0;  // 0..23 as said; 1..12 when read on a 12-hour clock
  int minute = 0;
  Meridiem meridiem = Meridiem::none;
  bool literal = false;   // 24-hour reading is certain ("15:30", "09:00", "noon")
  bool midnight = false;  // 24:00 of the day
};

enum class Part { morning, afternoon, evening, night, tonight };

struct PartHours {
  int start, end;
};

PartHours part_hours(Part part) {
  switch (part) {
    case Part::morning:
      return {9, 12};
    case Part::afternoon:
      return {12, 17};
    case Part::evening:
      return {18, 21};
    case Part::night:
      return {21, 24};
    case Part::tonight:
      return {20, 24};
  }
  return {0, 24};
}

enum class Roll { coming, next_week, this_week, last };

struct DaySpec {
  enum class Kind { fixed, weekday, month_day, day_of_month, nth_weekday } kind = Kind::fixed;
  local_days day{};      // fixed
  unsigned weekday = 0;  // weekday, nth_weekday: ISO 1..7; for dates, a weekday said with them
  Roll roll = Roll::coming;
  unsigned month = 0;   // month_day, nth_weekday (0: a month said relative to this one)
  unsigned mday = 0;    // month_day, day_of_month
  int year = 0;         // month_day, nth_weekday; 0 = not said
  int nth = 0;          // nth_weekday: 1..5, or -1 for the last
  int month_shift = 0;  // nth_weekday without a month name: 0 this month, 1 next month
  int plus_days = 0;    // "monday week", "a week from friday": days after the day named
};

struct Span {
  local_days start, end;
  Grain grain;
};

struct Recurrence {
  std::string freq;
  long interval = 1;
  std::vector<unsigned> byday;  // ISO weekdays
  unsigned bymonthday = 0;
  int nth = 0;  // MONTHLY with one BYDAY: which of its weekdays ("1MO", "-1FR"); 0 = every
};

struct Parts {
  std::optional<DaySpec> day, end_day;
  std::optional<Span> span;
  std::optional<Clock> time, end_time;
  std::optional<Part> part;
  bool part_fixed = false;  // "this morning", "tonight": today, even once over
  std::optional<seconds> offset;
  std::optional<seconds> duration;
  std::optional<Recurrence> rec;
  bool evening_plans = false;  // "dinner", "drinks", "a movie": a bare 8..11 is in the evening
  bool week_of_day = false;    // "the week of the fifteenth": the week the day is in
};

enum class Unit { second, minute, hour, day, week, month, year };

struct Amount {
  long halves;  // the amount in halves, so "an hour and a half" is 3
  Unit unit;
  std::size_t next;
};

struct Num {
  long value;
  std::size_t next;
};

struct ClockParse {
  Clock clock;
  std::size_t next;
  bool strong;  // unmistakably a time by itself (am/pm, colon, o'clock, "quarter past")
};

struct DayParse {
  DaySpec spec;
  std::size_t next;
};

constexpr long kMaxAmount = 100000;

std::optional<Unit> unit_of(std::string_view w) {
  if (w == "second" || w == "seconds" || w == "sec" || w == "secs") return Unit::second;
  if (w == "minute" || w == "minutes" || w == "min" || w == "mins") return Unit::minute;
  if (w == "hour" || w == "hours" || w == "hr" || w == "hrs") return Unit::hour;
  if (w == "day" || w == "days") return Unit::day;
  if (w == "week" || w == "weeks" || w == "wk" || w == "wks") return Unit::week;
  if (w == "month" || w == "months") return Unit::month;
  if (w == "year" || w == "years" || w == "yr" || w == "yrs") return Unit::year;
  return std::nullopt;
}

long seconds_per(Unit unit) {
  switch (unit) {
    case Unit::second:
      return 1;
    case Unit::minute:
      return 60;
    case Unit::hour:
      return 3600;
    case Unit::day:
      return 86400;
    case Unit::week:
      return 7 * 86400;
    default:
      return 0;  // months and years have no fixed length
  }
}

std::optional<Part> part_word(std::string_view w) {
  if (w == "morning") return Part::morning;
  if (w == "afternoon") return Part::afternoon;
  if (w == "evening") return Part::evening;
  if (w == "night") return Part::night;
  return std::nullopt;
}

unsigned iso_weekday(local_days d) {
  return date::weekday{d}.iso_encoding();
}

local_days monday_of(local_days d) {
  return d - Days{iso_weekday(d) - 1};
}

// The nth (1..5, or -1 for the last) ISO weekday of a month, if the month has one.
std::optional<local_days> nth_weekday_of(date::year_month ym, int nth, unsigned weekday) {
  if (nth < 0) {
    const local_days last{date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}};
    return last - Days{(iso_weekday(last) + 7 - weekday) % 7};
  }
  const local_days first{ym / 1};
  const local_days day = first + Days{(weekday + 7 - iso_weekday(first)) % 7 + 7 * (nth - 1)};
  if (date::year_month_day{day}.month() != ym.month()) return std::nullopt;
  return day;
}

bool is_fortnight(std::string_view w) {
  return w == "fortnight" || w == "fortnights";
}

local_days first_of_month(local_days d) {
  const date::year_month_day ymd{d};
  return local_days{ymd.year() / ymd.month() / 1};
}

// ---------------------------------------------------------------------------------------------
// The grammar: each rule looks at tokens from an index and, on a match, returns the index after
// it. Rules only write into Parts when they succeed. Every rule reads a bounded number of tokens,
// so trying every start position stays linear in the input.

class Grammar {
 public:
  Grammar(const std::vector<Token>& tokens, local_days today) : t_(tokens), today_(today) {}

  // One expression: components (day, clock time, part of day, range, duration, recurrence...)
  // next to each other in any order, each at most once, optionally separated by commas.
  std::optional<std::size_t> expression(std::size_t i, Parts& p) const {
    std::size_t j = i;
    bool any = false;
    for (int step = 0; step < 12; ++step) {
      auto next = component(j, p);
      if (!next && any && is_sym(j, ',')) next = component(j + 1, p);
      if (!next) break;
      j = *next;
      any = true;
    }
    if (!any) return std::nullopt;
    return j;
  }

  // A change said of an existing item whose amount starts at token i (see find_shift).
  std::optional<Shift> shift(std::size_t i) const {
    std::optional<Amount> a;
    // "another hour", "an extra 30 minutes": more of it.
    const bool more = word(i) == "another" || word(i) == "extra" || word(i) == "additional";
    if (word(i) == "another" && unit_of(word(i + 1))) {
      a = Amount{2, *unit_of(word(i + 1)), i + 2};
    } else {
      a = amount(more ? i + 1 : i);
    }
    if (!a || a->unit == Unit::second || seconds_per(a->unit) == 0) return std::nullopt;
    // A point in time or a lead time, not a change: "in 20 minutes", "an hour ago", "20
    // minutes from now", "30 minutes before".
    const auto before = i > 0 ? word(i - 1) : std::string_view{};
    const auto after = word(a->next);
    if (before == "in" || before == "within" || before == "after" || after == "ago" ||
        after == "before" || after == "early" || after == "from") {
      return std::nullopt;
    }
    std::size_t begin = i, end = a->next;
    if (before == "by") --begin;
    const auto direction = begin > 0 ? word(begin - 1) : std::string_view{};
    std::optional<Shift> out;
    const auto set = [&](Shift::Kind kind, int sign) { out = Shift{kind, minutes{sign}, {}}; };
    if (after == "later" || after == "back" || after == "out") {
      set(Shift::Kind::move, 1), ++end;
    } else if (after == "earlier" || after == "sooner" || after == "forward" || after == "up") {
      set(Shift::Kind::move, -1), ++end;
    } else if (after == "longer" || after == "more") {
      set(Shift::Kind::length, 1), ++end;
    } else if (after == "shorter" || after == "less") {
      set(Shift::Kind::length, -1), ++end;
    } else if (more) {
      set(Shift::Kind::length, 1);
    } else if (direction == "back" || direction == "out" || direction == "later") {
      set(Shift::Kind::move, 1), --begin;
    } else if (direction == "forward" || direction == "up" || direction == "earlier") {
      set(Shift::Kind::move, -1), --begin;
    } else if (auto verb = shift_verb(begin)) {
      out = verb;
    }
    if (!out) return std::nullopt;
    const long said = a->halves * seconds_per(a->unit) / 120;
    if (said == 0 || said > 366L * 24 * 60) return std::nullopt;
    out->minutes *= said;
    out->span = {t_[begin].begin, t_[end - 1].end - t_[begin].begin};
    return out;
  }

 private:
  // The verb before an amount that says which change it is: "extend it by an hour", "push the
  // call 30 minutes". Sign 1 or -1 in Shift::minutes; nullopt when no such verb comes before.
  std::optional<Shift> shift_verb(std::size_t before) const {
    for (std::size_t k = 0; k < before; ++k) {
      const auto w = word(k);
      if (w == "extend" || w == "lengthen" || w == "add")
        return Shift{Shift::Kind::length, minutes{1}, {}};
      if (w == "shorten" || w == "cut" || w == "trim" || w == "reduce") {
        return Shift{Shift::Kind::length, minutes{-1}, {}};
      }
      if (w == "push" || w == "delay" || w == "postpone" || w == "move" || w == "bump" ||
          w == "shift" || w == "slide" || w == "reschedule") {
        return Shift{Shift::Kind::move, minutes{1}, {}};
      }
    }
    return std::nullopt;
  }

  std::optional<std::size_t> component(std::size_t j, Parts& p) const {
    std::optional<std::size_t> next;
    if (!p.rec && (next = recurrence(j, p))) return next;
    if (!p.time && !p.offset && !p.end_day && (next = range(j, p))) return next;
    if (!p.offset && !p.day && !p.time && !p.span && (next = relative(j, p))) return next;
    if (!p.duration && (next = duration(j, p))) return next;
    if (!p.time && !p.offset && (next = time_of_day(j, p))) return next;
    if (!p.part && !p.offset && (next = part_of_day(j, p, p.day || p.rec || p.span))) return next;
    if (!p.day && !p.offset && (next = day(j, p))) return next;
    if (!p.span && !p.offset && !p.rec && (next = span(j, p))) return next;
    return std::nullopt;
  }

  // --- token access --------------------------------------------------------------------------

  std::string_view word(std::size_t i) const {
    if (i >= t_.size() || t_[i].kind != TokenKind::word) return {};
    return t_[i].text;
  }
  bool is_sym(std::size_t i, char c) const {
    return i < t_.size() && t_[i].kind == TokenKind::symbol && t_[i].text[0] == c;
  }
  const Token* number(std::size_t i) const {
    if (i >= t_.size() || t_[i].kind != TokenKind::number || t_[i].value < 0) return nullptr;
    return &t_[i];
  }

  // --- numbers -------------------------------------------------------------------------------

  // Digits, or words up to "fifty nine" ("twenty three", "twenty-three").
  std::optional<Num> cardinal(std::size_t i) const {
    if (const Token* n = number(i)) return Num{n->value, i + 1};
    if (auto tens = detail::tens_word(word(i))) {
      std::size_t j = i + 1;
      if (is_sym(j, '-')) ++j;
      if (auto unit = detail::unit_word(word(j)); unit && *unit >= 1 && *unit <= 9) {
        return Num{*tens + *unit, j + 1};
      }
      return Num{*tens, i + 1};
    }
    if (auto unit = detail::unit_word(word(i))) return Num{*unit, i + 1};
    return std::nullopt;
  }

  // "3rd", "3 rd", "third", "twenty third", "thirty-first".
  std::optional<Num> ordinal(std::size_t i) const {
    if (const Token* n = number(i); n && detail::is_ordinal_suffix(word(i + 1))) {
      return Num{n->value, i + 2};
    }
    if (auto tens = detail::tens_word(word(i))) {
      std::size_t j = i + 1;
      if (is_sym(j, '-')) ++j;
      if (auto unit = detail::ordinal_word(word(j)); unit && *unit <= 9) {
        return Num{*tens + *unit, j + 1};
      }
      return std::nullopt;
    }
    if (auto value = detail::ordinal_word(word(i))) return Num{*value, i + 1};
    return std::nullopt;
  }

  std::optional<Amount> amount(std::size_t i) const {
    std::size_t j = i;
    long halves = 0;
    const auto w = word(j);
    if (w == "half" || ((w == "a" || w == "an") && word(j + 1) == "half")) {
      j += (w == "half") ? 1 : 2;
      if (word(j) == "a" || word(j) == "an") ++j;
      halves = 1;
    } else if (const auto quarters = quarter_hours(j)) {
      return quarters;
    } else if ((w == "a" || w == "an") && word(j + 1) == "couple") {
      j += 2;
      if (word(j) == "of") ++j;
      halves = 4;
    } else if (w == "a" && word(j + 1) == "few") {
      j += 2;
      halves = 6;
    } else if (w == "a" || w == "an") {
      ++j;
      halves = 2;
    } else if (auto n = cardinal(j)) {
      if (n->value > kMaxAmount) return std::nullopt;
      halves = 2 * n->value;
      j = n->next;
      if (word(j) == "and" && word(j + 1) == "a" && word(j + 2) == "half") {
        halves += 1;
        j += 3;
      }
    } else {
      return std::nullopt;
    }
    auto unit = unit_of(word(j));
    if (is_fortnight(word(j))) unit = Unit::week, halves *= 2;
    if (!unit) return std::nullopt;
    ++j;
    if (halves % 2 == 0 && word(j) == "and" && word(j + 1) == "a" && word(j + 2) == "half") {
      halves += 1;
      j += 3;
    }
    return Amount{halves, *unit, j};
  }

  // "a quarter of an hour", "three quarters of an hour", "quarter hour": counted in minutes,
  // as halves of an hour cannot hold them.
  std::optional<Amount> quarter_hours(std::size_t i) const {
    std::size_t j = i;
    long count = 1;
    if (word(j) == "three") count = 3, ++j;
    if (count == 1 && (word(j) == "a" || word(j) == "one")) ++j;
    if (word(j) != (count == 3 ? "quarters" : "quarter")) return std::nullopt;
    ++j;
    if (word(j) == "of") ++j;
    if (word(j) == "an" || word(j) == "a") ++j;
    if (word(j) != "hour") return std::nullopt;
    return Amount{2 * 15 * count, Unit::minute, j + 1};
  }

  // --- clock times ---------------------------------------------------------------------------

  std::optional<std::pair<Meridiem, std::size_t>> meridiem(std::size_t i) const {
    const auto w = word(i);
    if (w == "am") return std::pair{Meridiem::am, i + 1};
    if (w == "pm") return std::pair{Meridiem::pm, i + 1};
    if (w == "a" || w == "p") {  // "a.m.", "p m"
      std::size_t j = i + 1;
      if (is_sym(j, '.')) ++j;
      if (word(j) != "m") return std::nullopt;
      ++j;
      if (is_sym(j, '.')) ++j;
      return std::pair{w == "a" ? Meridiem::am : Meridiem::pm, j};
    }
    return std::nullopt;
  }

  std::optional<std::size_t> oclock(std::size_t i) const {
    const auto w = word(i);
    if (w == "o'clock" || w == "oclock") return i + 1;
    if (w == "o" && word(i + 1) == "clock") return i + 2;
    return std::nullopt;
  }

  // Minutes spoken after an hour: "30", "thirty", "forty five", "oh five".
  std::optional<Num> spoken_minutes(std::size_t i) const {
    if (const Token* n = number(i)) {
      if (n->text.size() == 2 && n->value <= 59) return Num{n->value, i + 1};
      return std::nullopt;
    }
    if (word(i) == "oh") {
      if (auto unit = detail::unit_word(word(i + 1)); unit && *unit >= 1 && *unit <= 9) {
        return Num{*unit, i + 2};
      }
      return std::nullopt;
    }
    if (detail::tens_word(word(i)) || detail::unit_word(word(i))) {
      if (auto n = cardinal(i); n && n->value >= 10 && n->value <= 59) return n;
    }
    return std::nullopt;
  }

  std::optional<ClockParse> hour_minute(std::size_t i) const {
    if (const Token* n = number(i)) {
      const std::string& digits = n->text;
      const bool leading_zero = digits.size() >= 3 || (digits.size() == 2 && digits[0] == '0');
      if (digits.size() <= 2) {
        const int h = static_cast<int>(n->value);
        if (h > 23) return std::nullopt;
        Clock c{h, 0};
        c.literal = h == 0 || h > 12 || leading_zero;
        if (is_sym(i + 1, ':')) {
          const Token* m = number(i + 2);
          if (!m || m->text.size() != 2 || m->value > 59) return std::nullopt;
          c.minute = static_cast<int>(m->value);
          return ClockParse{c, i + 3, true};
        }
        // "4.30", "at 9.15 tomorrow": a British clock time, written as one word. As a decimal
        // number looks the same, it is a time only with "at", am/pm or a part of day.
        if (is_sym(i + 1, '.') && t_[i].end == t_[i + 1].begin) {
          const Token* m = number(i + 2);
          if (m && m->text.size() == 2 && m->value <= 59 && t_[i + 1].end == m->begin) {
            c.minute = static_cast<int>(m->value);
            return ClockParse{c, i + 3, false};
          }
        }
        std::size_t next = i + 1;
        if (auto m = spoken_minutes(next)) {
          c.minute = static_cast<int>(m->value);
          next = m->next;
        }
        return ClockParse{c, next, false};
      }
      if (digits.size() == 3 || digits.size() == 4) {  // "930", "1430"
        const int h = static_cast<int>(n->value / 100);
        const int m = static_cast<int>(n->value % 100);
        if (h > 23 || m > 59) return std::nullopt;
        Clock c{h, m};
        c.literal = digits.size() == 4 && (h == 0 || h > 12 || digits[0] == '0');
        return ClockParse{c, i + 1, false};
      }
      return std::nullopt;
    }
    const auto h = detail::unit_word(word(i));
    if (h && *h <= 23 && word(i + 1) == "hundred") {
      // Military style: "six hundred", "four hundred am", "fourteen hundred hours", "six hundred
      // and forty five". A time only with am/pm, "hours" or "at" (else it is a quantity).
      Clock c{*h, 0};
      std::size_t next = i + 2;
      const std::size_t k = word(next) == "and" ? next + 1 : next;
      if (auto m = spoken_minutes(k); m && !number(k)) {
        c.minute = static_cast<int>(m->value);
        next = m->next;
      } else if (auto u = detail::unit_word(word(k)); u && *u >= 1 && *u <= 9) {
        c.minute = *u;  // "six hundred and five"
        next = k + 1;
      }
      c.literal = true;  // military time is on the 24-hour clock
      if (word(next) == "hours") return ClockParse{c, next + 1, true};
      return ClockParse{c, next, false};
    }
    if (h && *h >= 13 && *h <= 23) {  // "fourteen thirty": a 24-hour time, said
      auto m = spoken_minutes(i + 1);
      if (!m || number(i + 1)) return std::nullopt;
      return ClockParse{Clock{*h, static_cast<int>(m->value), Meridiem::none, true}, m->next, true};
    }
    if (!h || *h < 1 || *h > 12) return std::nullopt;
    Clock c{*h, 0};
    std::size_t next = i + 1;
    bool strong = false;
    if (auto m = spoken_minutes(next)) {
      // "nine fifteen", "two thirty": a spoken hour with spoken minutes reads as a time.
      c.minute = static_cast<int>(m->value);
      next = m->next;
      strong = number(i + 1) == nullptr;
    }
    return ClockParse{c, next, strong};
  }

  // "half past three", "quarter to five", "twenty past nine", "10 to 6", "5 minutes past 2".
  // allow_bare_to: "10 to 6" reads as 5:50 only outside "from ... to ..." ranges.
  std::optional<ClockParse> past_to(std::size_t i, bool allow_bare_to) const {
    std::size_t j = i;
    if (word(j) == "a" && word(j + 1) == "quarter") ++j;
    int m = 0;
    enum class Kind { quarter, half, count } kind;
    bool said_minutes = false;
    if (word(j) == "quarter") {
      m = 15, kind = Kind::quarter, ++j;
    } else if (word(j) == "half") {
      m = 30, kind = Kind::half, ++j;
    } else if (auto n = cardinal(j); n && n->value >= 1 && n->value <= 59) {
      m = static_cast<int>(n->value), kind = Kind::count, j = n->next;
      if (unit_of(word(j)) == Unit::minute) said_minutes = true, ++j;
    } else {
      return std::nullopt;
    }
    const auto rel = word(j);
    const bool forward = rel == "past" || rel == "after";
    const bool backward =
        rel == "to" || rel == "before" || rel == "till" || rel == "til" || rel == "of";
    if (!forward && !backward) return std::nullopt;
    if (backward && kind == Kind::half) return std::nullopt;
    if (rel == "of" && kind != Kind::quarter) return std::nullopt;  // "quarter of five" (US)
    if (kind == Kind::count && !said_minutes) {
      const bool round = m == 5 || m == 10 || m == 20 || m == 25;
      if (rel == "to" ? !(allow_bare_to && round) : rel != "past" && rel != "after") {
        return std::nullopt;
      }
    }
    ++j;
    Clock c;
    int base = 0;  // minutes after midnight of the named hour
    if (word(j) == "noon" || word(j) == "midday") {
      base = 12 * 60, c.literal = true, ++j;
    } else if (word(j) == "midnight") {
      base = 24 * 60, c.literal = true, ++j;
    } else if (auto h = cardinal(j); h && h->value >= 1 && h->value <= 12) {
      base = static_cast<int>(h->value) * 60, j = h->next;
    } else {
      return std::nullopt;
    }
    int total = base + (forward ? m : -m);
    if (!c.literal && total < 60) total += 12 * 60;  // "quarter to one" is 12:45
    total %= 24 * 60;
    c.hour = total / 60;
    c.minute = total % 60;
    if (auto mer = meridiem(j); mer && !c.literal) {
      c.meridiem = mer->first;
      j = mer->second;
    } else if (auto oc = oclock(j)) {
      j = *oc;
    }
    return ClockParse{c, j, true};
  }

  std::optional<ClockParse> clock(std::size_t i, bool allow_bare_to) const {
    std::size_t j = i;
    if ((word(j) == "twelve" || (number(j) && number(j)->value == 12 && t_[j].text.size() == 2)) &&
        (word(j + 1) == "noon" || word(j + 1) == "midnight")) {
      ++j;
    }
    if (word(j) == "noon" || word(j) == "midday" || word(j) == "lunchtime") {
      return ClockParse{Clock{12, 0, Meridiem::none, true, false}, j + 1, true};
    }
    if (word(j) == "lunch" && word(j + 1) == "time") {
      return ClockParse{Clock{12, 0, Meridiem::none, true, false}, j + 2, true};
    }
    if (word(j) == "midnight") {
      return ClockParse{Clock{0, 0, Meridiem::none, true, true}, j + 1, true};
    }
    if (auto pt = past_to(i, allow_bare_to)) return pt;
    auto cp = hour_minute(i);
    if (!cp) return std::nullopt;
    if (auto mer = meridiem(cp->next)) {
      if (cp->clock.hour == 0 || cp->clock.hour > 12) return std::nullopt;
      cp->clock.meridiem = mer->first;
      cp->clock.literal = false;
      cp->next = mer->second;
      cp->strong = true;
    } else if (auto oc = oclock(cp->next)) {
      if (cp->clock.hour > 12) return std::nullopt;
      cp->next = *oc;
      cp->strong = true;
    }
    return cp;
  }

  std::optional<std::size_t> time_of_day(std::size_t i, Parts& p) const {
    std::size_t j = i;
    bool anchored = false;
    bool deadline = false;
    if (word(j) == "at" || is_sym(j, '@')) {
      anchored = true;
      ++j;
    } else if (word(j) == "by") {
      deadline = true;
      ++j;
    }
    if (word(j) == "around" || word(j) == "about" || word(j) == "approximately") ++j;
    if (auto next = first_thing(j)) {
      p.time = Clock{9, 0, Meridiem::none, true};
      return next;
    }
    auto cp = clock(j, true);
    // British "at half three" = 3:30; also "move it to half nine", "from half two".
    const auto before = i > 0 ? word(i - 1) : std::string_view{};
    const bool after_to = before == "to" || before == "from" || before == "until" ||
                          before == "till" || before == "by";
    if (!cp && (anchored || after_to) && word(j) == "half") {
      if (auto h = cardinal(j + 1);
          h && h->value >= 1 && h->value <= 12 && !unit_of(word(h->next))) {
        cp = ClockParse{Clock{static_cast<int>(h->value), 30}, h->next, true};
      }
    }
    if (!cp) return std::nullopt;
    // "be up by seven", "done by 5": a deadline's clock time ("later by 2 hours" is none).
    if (deadline && !unit_of(word(cp->next))) anchored = true;
    if (!cp->strong && !anchored) {
      Parts probe;
      if (!part_of_day(cp->next, probe, false, false)) return std::nullopt;
    }
    p.time = cp->clock;
    return cp->next;
  }

  // --- ranges --------------------------------------------------------------------------------

  bool is_range_word(std::string_view w) const {
    return w == "to" || w == "till" || w == "til" || w == "until" || w == "through" || w == "thru";
  }

  std::optional<std::size_t> range(std::size_t i, Parts& p) const {
    std::size_t j = i;
    enum class Kind { from, between, bare } kind = Kind::bare;
    if (word(j) == "from") {
      kind = Kind::from, ++j;
    } else if (word(j) == "between") {
      kind = Kind::between, ++j;
    } else if (word(j) == "at") {
      ++j;
    }
    auto separator = [&](std::size_t k, bool strong_first) -> std::optional<std::size_t> {
      if (kind == Kind::between) return word(k) == "and" ? std::optional{k + 1} : std::nullopt;
      if (is_sym(k, '-')) return k + 1;
      if (is_range_word(word(k)) && (kind == Kind::from || strong_first)) return k + 1;
      return std::nullopt;
    };
    if (auto a = clock(j, false)) {
      auto k = separator(a->next, a->strong);
      if (!k) return std::nullopt;
      auto b = clock(*k, false);
      if (!b || (kind == Kind::bare && !a->strong && !b->strong)) return std::nullopt;
      p.time = a->clock;
      p.end_time = b->clock;
      return b->next;
    }
    if (p.day) return std::nullopt;
    if (kind == Kind::bare) return days_of_one_month(j, p);
    // "from"/"between" mark both ends as days, as "on" does: "between today and the 21st".
    auto a = day_core(j, true);
    if (!a) return std::nullopt;
    auto k = separator(a->next, true);
    if (!k) return std::nullopt;
    auto b = day_core(*k, true);
    if (!b) return std::nullopt;
    p.day = a->spec;
    p.end_day = b->spec;
    return b->next;
  }

  // "dec 3-7", "december 3rd to 7th", "march 10 through 14": days of one month.
  std::optional<std::size_t> days_of_one_month(std::size_t i, Parts& p) const {
    const auto month = detail::month_word(word(i));
    if (!month) return std::nullopt;
    const auto number = [&](std::size_t k) {
      auto n = ordinal(k);
      return n ? n : cardinal(k);
    };
    const auto first = number(i + 1);
    if (!first || first->value < 1 || first->value > 31) return std::nullopt;
    std::size_t k = first->next;
    if (!is_sym(k, '-') && !is_range_word(word(k))) return std::nullopt;
    const auto last = number(k + 1);
    if (!last || last->value <= first->value || last->value > 31) return std::nullopt;
    p.day = month_day(*month, first->value, 0, first->next).spec;
    p.end_day = month_day(*month, last->value, 0, last->next).spec;
    return last->next;
  }

  // --- relative offsets and durations --------------------------------------------------------

  std::optional<std::size_t> relative(std::size_t i, Parts& p) const {
    std::size_t j = i;
    const bool prefixed = word(j) == "in" || word(j) == "after" || word(j) == "within";
    if (prefixed) ++j;
    auto a = amount(j);
    if (!a) return std::nullopt;
    j = a->next;
    if (!prefixed) {
      if (auto later = days_after_day(*a, j, p)) return later;
    }
    long sign = 1;
    if (word(j) == "from" && (word(j + 1) == "now" || word(j + 1) == "today")) {
      j += 2;
    } else if (!prefixed && (word(j) == "ago" || word(j) == "later")) {
      sign = word(j) == "ago" ? -1 : 1;
      ++j;
    } else if (!prefixed) {
      return std::nullopt;
    }
    // "in a second" / "in a sec" means soon, not a time to keep.
    if (a->unit == Unit::second && word(prefixed ? i + 1 : i) == "a") return std::nullopt;
    if (a->unit == Unit::second || a->unit == Unit::minute || a->unit == Unit::hour) {
      p.offset = seconds{sign * a->halves * seconds_per(a->unit) / 2};
      return j;
    }
    if (a->halves % 2 != 0) return std::nullopt;  // "in a day and a half": no single day
    const long n = a->halves / 2;
    local_days target;
    if (a->unit == Unit::day || a->unit == Unit::week) {
      target = today_ + Days{sign * n * (a->unit == Unit::week ? 7 : 1)};
    } else {
      const long months = n * (a->unit == Unit::year ? 12 : 1);
      if (months > 1200) return std::nullopt;
      const date::year_month_day ymd{today_};
      const date::year_month ym =
          date::year_month{ymd.year(), ymd.month()} + date::months{sign * months};
      const auto last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}};
      target = local_days{ym / std::min(ymd.day(), last.day())};
    }
    if (n > 36500) return std::nullopt;
    DaySpec spec;
    spec.day = target;
    p.day = spec;
    return j;
  }

  // "a week from friday", "two days after monday", "a week on friday", "a week tomorrow": so
  // many days after a day named. Without "from" or "after", only weeks ("block a day on
  // friday" is a day long, not a day later).
  std::optional<std::size_t> days_after_day(const Amount& a, std::size_t j, Parts& p) const {
    if (a.halves % 2 != 0 || (a.unit != Unit::day && a.unit != Unit::week)) return std::nullopt;
    const bool from = word(j) == "from" || word(j) == "after";
    if (!from && a.unit != Unit::week) return std::nullopt;
    std::size_t k = j;
    if (from || word(k) == "on") ++k;
    if (word(k) == "now") return std::nullopt;
    auto d = day_core(k, true);
    if (!d || a.halves / 2 > 520) return std::nullopt;
    if (!from && k == j && d->spec.kind != DaySpec::Kind::fixed) return std::nullopt;
    p.day = d->spec;
    p.day->plus_days += static_cast<int>(a.halves / 2 * (a.unit == Unit::week ? 7 : 1));
    return d->next;
  }

  std::optional<std::size_t> duration(std::size_t i, Parts& p) const {
    if (word(i) != "for") return std::nullopt;
    std::size_t k = i + 1;
    // "every monday for the next six weeks" bounds the recurrence ("meetings for the next three
    // days" are asked for over those days).
    if (p.rec && word(k) == "the" && (word(k + 1) == "next" || word(k + 1) == "following")) k += 2;
    auto a = amount(k);
    if (!a || seconds_per(a->unit) == 0 || a->unit == Unit::second) return std::nullopt;
    // "for five minutes from now" is an offset said after "for", not a duration.
    if ((word(a->next) == "from" && word(a->next + 1) == "now") || word(a->next) == "later" ||
        word(a->next) == "ago") {
      return std::nullopt;
    }
    p.duration = seconds{a->halves * seconds_per(a->unit) / 2};
    return a->next;
  }

  // --- parts of the day ----------------------------------------------------------------------

  // "parents evening", "coffee morning", "quiz night": the part word ends an occasion's name.
  static bool names_an_occasion(std::string_view before) {
    constexpr std::array<std::string_view, 26> occasions = {
        "parents", "parent",  "coffee", "open",  "quiz",       "games",   "game",
        "family",  "careers", "awards", "movie", "film",       "date",    "poker",
        "bingo",   "trivia",  "curry",  "pizza", "karaoke",    "bonfire", "fireworks",
        "hen",     "stag",    "girls",  "lads",  "information"};
    return std::find(occasions.begin(), occasions.end(), before) != occasions.end();
  }

  // A part word alone ("my evening", "what does my morning look like") is a time too, except
  // in greetings ("good morning") and for "night", which is mostly a noun ("game night").
  // bare=false asks for the strict form, as after a number ("3 in the afternoon").
  std::optional<std::size_t> part_of_day(std::size_t i, Parts& p, bool after_day,
                                         bool bare = true) const {
    std::size_t j = i;
    if (word(j) == "tonight") {
      p.part = Part::tonight;
      p.part_fixed = true;
      return j + 1;
    }
    if (word(j) == "at" && word(j + 1) == "night") {
      p.part = Part::night;
      return j + 2;
    }
    bool prefixed = false, fixed = false;
    if (word(j) == "this") {
      prefixed = fixed = true, ++j;
    } else if ((word(j) == "in" || word(j) == "during" || word(j) == "for") &&
               word(j + 1) == "the") {
      prefixed = true, j += 2;
    } else if (word(j) == "the" || (word(j) == "at" && bare)) {
      ++j;  // "the evening", "at evening": a part, when bare parts count
    }
    const auto part = part_word(word(j));
    if (!part) return std::nullopt;
    if (j > 0 && names_an_occasion(word(j - 1))) return std::nullopt;  // "parents evening"
    // "good morning", and "morning, how are you": said first, to someone.
    constexpr std::array<std::string_view, 13> greeted = {
        "how",  "hi",    "hey",  "there",  "all",  "everyone", "team",
        "olly", "alexa", "siri", "google", "mate", "guys"};
    const bool greeting =
        (j > 0 && word(j - 1) == "good") ||
        (j == 0 && std::find(greeted.begin(), greeted.end(), word(j + 1)) != greeted.end());
    // "add morning run to my todos", "my evening walk": a routine named by its part of the day.
    constexpr std::array<std::string_view, 16> routines = {
        "run",       "jog",    "walk",    "routine", "workout", "yoga",    "swim",  "stretch",
        "stretches", "prayer", "prayers", "meds",    "pills",   "commute", "pages", "ritual"};
    const bool routine = std::find(routines.begin(), routines.end(), word(j + 1)) != routines.end();
    const bool bare_ok = bare && *part != Part::night && !greeting && !routine;
    if (!prefixed && !after_day && !bare_ok) return std::nullopt;
    p.part = *part;
    p.part_fixed = fixed;
    return j + 1;
  }

  // "first thing monday", "first thing in the morning", "remind me first thing": 9:00, the start
  // of the morning. Not "the first thing on my list" or "first thing to do".
  std::optional<std::size_t> first_thing(std::size_t j) const {
    if (word(j) != "first" || word(j + 1) != "thing") return std::nullopt;
    constexpr std::array<std::string_view, 10> owners = {"the", "a",   "my",    "your", "our",
                                                         "his", "her", "their", "very", "only"};
    if (j > 0 && std::find(owners.begin(), owners.end(), word(j - 1)) != owners.end()) {
      return std::nullopt;
    }
    std::size_t k = j + 2;
    if (word(k) == "in" && word(k + 1) == "the" && word(k + 2) == "morning") return k + 3;
    if (word(k) == "on") ++k;
    const bool ends = k >= t_.size() || t_[k].kind == TokenKind::symbol;
    if (ends || day_core(k, true)) return j + 2;
    return std::nullopt;
  }

  // --- days ----------------------------------------------------------------------------------

  std::optional<std::size_t> day(std::size_t i, Parts& p) const {
    std::size_t j = i;
    const auto w = word(j);
    const bool prefixed = w == "on" || w == "by" || w == "for" || w == "until" || w == "till" ||
                          w == "to" || w == "before" || w == "from" || w == "since";
    // "grace's parents evening is the twenty first": a day said to be the one.
    const bool said_to_be = w == "is" || w == "was" || w == "its";
    if (prefixed || said_to_be) ++j;
    auto d = day_core(j, prefixed || said_to_be);
    if (!d) return std::nullopt;
    if (said_to_be && !word(d->next).empty() && word(d->next) != "at") return std::nullopt;
    p.day = d->spec;
    return d->next;
  }

  static DayParse fixed(local_days d, std::size_t next) {
    DaySpec spec;
    spec.day = d;
    return DayParse{spec, next};
  }

  std::optional<DayParse> day_core(std::size_t i, bool prefixed) const {
    const auto w = word(i);
    if (w == "today") return fixed(today_, i + 1);
    if (w == "tomorrow" || w == "tmrw" || w == "tmr") return fixed(today_ + Days{1}, i + 1);
    if (w == "yesterday") return fixed(today_ - Days{1}, i + 1);
    std::size_t j = i;
    if (word(j) == "the") ++j;
    if (word(j) == "day" && word(j + 2) == "tomorrow" && word(j + 1) == "after") {
      return fixed(today_ + Days{2}, j + 3);
    }
    if (word(j) == "day" && word(j + 2) == "yesterday" && word(j + 1) == "before") {
      return fixed(today_ - Days{2}, j + 3);
    }
    if (auto b = boundary(i)) return b;
    if (auto d = nth_weekday(i)) return d;
    if (auto d = weekday(i)) return d;
    return date_of(i, prefixed);
  }

  struct NthWeekday {
    int nth;  // 1..5, or -1 for the last
    unsigned weekday;
    std::size_t next;  // after "of" or "in"
  };

  // "first monday of", "2nd tuesday in", "last friday of": which of a month's weekdays.
  std::optional<NthWeekday> nth_weekday_of_a(std::size_t i) const {
    std::optional<Num> nth;
    if (word(i) == "last") {
      nth = Num{-1, i + 1};
    } else if (auto o = ordinal(i); o && o->value >= 1 && o->value <= 5) {
      nth = o;
    }
    if (!nth) return std::nullopt;
    const std::size_t j = nth->next;
    bool plural = false;
    const auto wd = detail::weekday_word(word(j), &plural);
    if (!wd || plural || (word(j + 1) != "of" && word(j + 1) != "in")) return std::nullopt;
    return NthWeekday{static_cast<int>(nth->value), *wd, j + 2};
  }

  // "the first monday of december", "the last friday of the month", "the 2nd tuesday in next
  // month".
  std::optional<DayParse> nth_weekday(std::size_t i) const {
    const auto nth = nth_weekday_of_a(word(i) == "the" ? i + 1 : i);
    if (!nth) return std::nullopt;
    std::size_t j = nth->next;
    DaySpec spec;
    spec.kind = DaySpec::Kind::nth_weekday;
    spec.nth = nth->nth;
    spec.weekday = nth->weekday;
    if ((word(j) == "the" || word(j) == "this") && word(j + 1) == "month") {
      j += 2;
    } else if (word(j) == "next" && word(j + 1) == "month") {
      spec.month_shift = 1, j += 2;
    } else if (auto month = detail::month_word(word(j))) {
      spec.month = *month, ++j;
      spec.year = year_after(j).value_or(0);
    } else {
      return std::nullopt;
    }
    return DayParse{spec, j};
  }

  std::optional<DayParse> weekday(std::size_t i) const {
    std::size_t j = i;
    Roll roll = Roll::coming;
    if (word(j) == "this") {
      ++j;
      if (word(j) == "coming") ++j;
    } else if (word(j) == "next") {
      roll = Roll::next_week, ++j;
    } else if (word(j) == "coming") {
      ++j;
    } else if (word(j) == "last" || word(j) == "past") {
      roll = Roll::last, ++j;
    }
    bool plural = false;
    const auto wd = detail::weekday_word(word(j), &plural);
    if (!wd || plural) return std::nullopt;
    ++j;
    if (auto d = date_of(j, true); d && d->spec.kind != DaySpec::Kind::fixed) {
      d->spec.weekday = *wd;  // "friday the 13th": the next 13th that is a Friday
      return d;
    }
    if (roll == Roll::coming && word(j + 1) == "week") {
      if (word(j) == "next")
        roll = Roll::next_week, j += 2;
      else if (word(j) == "this")
        roll = Roll::this_week, j += 2;
    }
    DaySpec spec;
    spec.kind = DaySpec::Kind::weekday;
    spec.weekday = *wd;
    spec.roll = roll;
    if (roll == Roll::coming && word(j) == "week") spec.plus_days = 7, ++j;  // "monday week"
    return DayParse{spec, j};
  }

  std::optional<int> year_after(std::size_t& j) const {
    std::size_t k = j;
    if (is_sym(k, ',')) ++k;
    if (auto spoken = spoken_year(k)) {
      j = spoken->next;
      return static_cast<int>(spoken->value);
    }
    const Token* n = number(k);
    if (!n || n->text.size() != 4 || n->value < 1900 || n->value > 2199) return std::nullopt;
    j = k + 1;
    return static_cast<int>(n->value);
  }

  // "two thousand and seventeen", "two thousand", "twenty seventeen", "twenty twenty six".
  std::optional<Num> spoken_year(std::size_t k) const {
    if (word(k) == "two" && word(k + 1) == "thousand") {
      std::size_t m = k + 2;
      if (word(m) == "and") ++m;
      if (auto n = cardinal(m); n && !number(m) && n->value >= 1 && n->value <= 99) {
        return Num{2000 + n->value, n->next};
      }
      return word(k + 2) == "and" ? std::nullopt : std::optional{Num{2000, k + 2}};
    }
    if (word(k) == "nineteen" || word(k) == "twenty") {
      const long century = word(k) == "nineteen" ? 1900 : 2000;
      const auto rest = word(k + 1);
      if (auto n = cardinal(k + 1);
          n && !number(k + 1) && n->value >= 10 && (detail::tens_word(rest) || n->value < 20)) {
        return Num{century + n->value, n->next};
      }
    }
    return std::nullopt;
  }

  static DayParse month_day(unsigned month, long mday, int year, std::size_t next) {
    DaySpec spec;
    spec.kind = DaySpec::Kind::month_day;
    spec.month = month;
    spec.mday = static_cast<unsigned>(mday);
    spec.year = year;
    return DayParse{spec, next};
  }

  std::optional<DayParse> date_of(std::size_t i, bool prefixed) const {
    // ISO 8601 "2026-12-03"
    if (const Token* y = number(i); y && y->text.size() == 4 && is_sym(i + 1, '-') &&
                                    number(i + 2) && is_sym(i + 3, '-') && number(i + 4)) {
      if (t_[i + 2].text.size() != 2 || t_[i + 4].text.size() != 2) return std::nullopt;
      const date::year_month_day ymd{date::year{static_cast<int>(y->value)},
                                     date::month{static_cast<unsigned>(t_[i + 2].value)},
                                     date::day{static_cast<unsigned>(t_[i + 4].value)}};
      if (!ymd.ok() || y->value < 1900 || y->value > 2199) return std::nullopt;
      return fixed(local_days{ymd}, i + 5);
    }
    // "december 3", "dec 3rd, 2027", "december the third"
    if (auto month = detail::month_word(word(i))) {
      std::size_t j = i + 1;
      if (word(j) == "the") ++j;
      auto d = ordinal(j);
      // "may 3" alone is too often the verb ("i may 3 times"); "may 3rd", "on may 3" are dates.
      if (!d && (*month != 5 || prefixed)) d = cardinal(j);
      if (!d || d->value < 1 || d->value > 31) return std::nullopt;
      j = d->next;
      const int year = year_after(j).value_or(0);
      return month_day(*month, d->value, year, j);
    }
    // "the 3rd of december", "3 december", "the twenty third", "the 3rd of next month"
    std::size_t j = i;
    bool the = false;
    if (word(j) == "the") the = true, ++j;
    auto d = ordinal(j);
    if (d && !the && word(d->next) == "thing") return std::nullopt;  // "first thing monday"
    const bool is_ordinal = d.has_value();
    if (!d) d = cardinal(j);  // words only with a month after them ("ten march"), see below
    if (!d || d->value < 1 || d->value > 31) return std::nullopt;
    j = d->next;
    const bool of = word(j) == "of";
    if (of) ++j;
    // "the 3rd of may" and "twenty fifth may" are dates; "3 may" may be the verb.
    if (auto month = detail::month_word(word(j)); month && (of || is_ordinal || *month != 5)) {
      ++j;
      const int year = year_after(j).value_or(0);
      return month_day(*month, d->value, year, j);
    }
    if (!is_ordinal) return std::nullopt;
    DaySpec spec;
    spec.kind = DaySpec::Kind::day_of_month;
    spec.mday = static_cast<unsigned>(d->value);
    if (of && (word(j) == "the" || word(j) == "this") && word(j + 1) == "month") {
      return DayParse{spec, j + 2};
    }
    if (of && word(j) == "next" && word(j + 1) == "month") {
      const date::year_month_day first{first_of_month(today_) + Days{31}};
      const date::year_month_day ymd{first.year(), first.month(), date::day{spec.mday}};
      if (!ymd.ok()) return std::nullopt;
      return fixed(local_days{ymd}, j + 2);
    }
    if (prefixed && (the || !of)) return DayParse{spec, d->next};
    return std::nullopt;
  }

  // "end of the month", "the end of next week", "beginning of next month".
  std::optional<DayParse> boundary(std::size_t i) const {
    std::size_t j = i;
    if (word(j) == "the") ++j;
    const bool end = word(j) == "end";
    if (!end && word(j) != "beginning" && word(j) != "start") return std::nullopt;
    if (word(j + 1) != "of") return std::nullopt;
    j += 2;
    if (word(j) == "the") ++j;
    int shift = 0;
    if (word(j) == "this") {
      ++j;
    } else if (word(j) == "next") {
      shift = 1, ++j;
    }
    const auto unit = word(j);
    local_days d;
    if (unit == "week") {
      const local_days monday = monday_of(today_) + Days{7 * shift};
      d = end ? monday + Days{4} : monday;  // the working week ends on Friday
    } else if (unit == "month") {
      const date::year_month_day first{first_of_month(today_)};
      const auto ym = date::year_month{first.year(), first.month()} + date::months{shift};
      d = end ? local_days{date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}}
              : local_days{ym / 1};
    } else if (unit == "year") {
      const auto y = date::year_month_day{today_}.year() + date::years{shift};
      d = local_days{end ? y / date::December / 31 : y / date::January / 1};
    } else {
      return std::nullopt;
    }
    return fixed(d, j + 1);
  }

  // --- spans ---------------------------------------------------------------------------------

  std::optional<std::size_t> span(std::size_t i, Parts& p) const {
    std::size_t j = i;
    const auto prefix = word(j);
    const bool in = prefix == "in" || prefix == "during";
    if (in || prefix == "of" || prefix == "over" || prefix == "for" || prefix == "on" ||
        prefix == "at") {
      ++j;
    }
    if (in) {
      if (auto month = detail::month_word(word(j))) {
        const date::year_month_day today{today_};
        auto year = today.year();
        if (unsigned(today.month()) > *month) ++year;
        const local_days start{year / date::month{*month} / 1};
        p.span = Span{start, local_days{(year / date::month{*month} + date::months{1}) / 1},
                      Grain::month};
        return j + 1;
      }
    }
    if (auto next = span_of_days(j, p)) return next;
    if (auto next = week_of_day(j, p)) return next;
    if (word(j) == "weekend") {  // "my weekend plans": the coming one
      const local_days saturday = monday_of(today_) + Days{5};
      p.span = Span{saturday, saturday + Days{2}, Grain::day};
      return j + 1;
    }
    int shift = 0;
    const auto w = word(j);
    if (w == "next" || w == "following") {
      shift = 1;
    } else if (w == "last" || w == "past" || w == "previous") {
      shift = -1;
    } else if (w == "the") {
      // "for the week", "over the month": the current one. Elsewhere "the week" is too often
      // something else ("the week after").
      if (prefix != "for" && prefix != "over" && prefix != "during") return std::nullopt;
    } else if (w != "this" && w != "current") {
      return std::nullopt;
    }
    ++j;
    const auto unit = word(j);
    if (unit == "weekend") {
      const local_days saturday = monday_of(today_) + Days{5 + 7 * shift};
      p.span = Span{saturday, saturday + Days{2}, Grain::day};
    } else if (unit == "week") {
      const local_days monday = monday_of(today_) + Days{7 * shift};
      p.span = Span{monday, monday + Days{7}, Grain::week};
    } else if (unit == "month") {
      const date::year_month_day first{first_of_month(today_)};
      const auto ym = date::year_month{first.year(), first.month()} + date::months{shift};
      p.span = Span{local_days{ym / 1}, local_days{(ym + date::months{1}) / 1}, Grain::month};
    } else if (unit == "year") {
      const auto y = date::year_month_day{today_}.year() + date::years{shift};
      p.span = Span{local_days{y / date::January / 1}, local_days{(y + date::years{1}) / 1 / 1},
                    Grain::year};
    } else {
      return std::nullopt;
    }
    return j + 1;
  }

  // "the week of the fifteenth", "week of december 3rd": the week that day falls in.
  std::optional<std::size_t> week_of_day(std::size_t i, Parts& p) const {
    std::size_t j = i;
    if (word(j) == "the") ++j;
    if (word(j) != "week" || word(j + 1) != "of") return std::nullopt;
    const auto d = day_core(j + 2, true);
    if (!d || p.day) return std::nullopt;
    p.day = d->spec;
    p.week_of_day = true;
    return d->next;
  }

  // "the rest of the week" / "the remainder of the month": today to the end of it; "the next
  // five days" / "the past 2 weeks": that many days from (or back to) today. Grain day.
  std::optional<std::size_t> span_of_days(std::size_t i, Parts& p) const {
    std::size_t j = i;
    if (word(j) == "the") ++j;
    if ((word(j) == "rest" || word(j) == "remainder") && word(j + 1) == "of") {
      j += 2;
      if (word(j) == "the" || word(j) == "this") ++j;
      local_days end;
      if (word(j) == "week") {
        end = monday_of(today_) + Days{7};
      } else if (word(j) == "month") {
        const date::year_month_day first{first_of_month(today_)};
        end = local_days{(date::year_month{first.year(), first.month()} + date::months{1}) / 1};
      } else if (word(j) == "day") {
        end = today_ + Days{1};
      } else {
        return std::nullopt;
      }
      p.span = Span{today_, end, Grain::day};
      return j + 1;
    }
    int sign = 0;
    if (word(j) == "next" || word(j) == "coming" || word(j) == "following") {
      sign = 1;
    } else if (word(j) == "past" || word(j) == "last" || word(j) == "previous") {
      sign = -1;
    } else {
      return std::nullopt;
    }
    auto n = cardinal(j + 1);
    if (!n || n->value < 2 || n->value > 366) return std::nullopt;
    const auto unit = unit_of(word(n->next));
    if (unit != Unit::day && unit != Unit::week) return std::nullopt;
    const long days = n->value * (unit == Unit::week ? 7 : 1);
    if (sign > 0) {
      p.span = Span{today_, today_ + Days{days}, Grain::day};
    } else {
      p.span = Span{today_ - Days{days}, today_, Grain::day};
    }
    return n->next + 1;
  }

  // --- recurrence ----------------------------------------------------------------------------

  // "monday", "mondays and thursdays", "tuesday, thursday": at most 7 names.
  std::optional<std::size_t> weekday_list(std::size_t i, std::vector<unsigned>& days,
                                          bool need_plural) const {
    std::size_t j = i;
    for (int n = 0; n < 7; ++n) {
      bool plural = false;
      const auto wd = detail::weekday_word(word(j), &plural);
      if (!wd || (need_plural && !plural)) break;
      if (std::find(days.begin(), days.end(), *wd) == days.end()) days.push_back(*wd);
      ++j;
      std::size_t k = j;
      if (is_sym(k, ',')) ++k;
      if (word(k) == "and" || word(k) == "or") ++k;
      if (!detail::weekday_word(word(k))) break;
      j = k;
    }
    if (days.empty()) return std::nullopt;
    std::sort(days.begin(), days.end());
    return j;
  }

  // "the last thursday of every month", "every first monday of the month", "on the 2nd tuesday
  // of each month": once a month, on that weekday of it.
  std::optional<std::size_t> monthly_weekday(std::size_t i, Parts& p) const {
    std::size_t j = i;
    if (word(j) == "on") ++j;
    const bool every = word(j) == "every" || word(j) == "each";
    if (every) ++j;
    if (word(j) == "the") ++j;
    const auto nth = nth_weekday_of_a(j);
    if (!nth) return std::nullopt;
    j = nth->next;
    const bool each_month = word(j) == "every" || word(j) == "each";
    if (!(each_month || (every && word(j) == "the")) || word(j + 1) != "month") {
      return std::nullopt;
    }
    Recurrence r;
    r.freq = "MONTHLY";
    r.byday = {nth->weekday};
    r.nth = nth->nth;
    p.rec = r;
    return j + 2;
  }

  std::optional<std::size_t> recurrence(std::size_t i, Parts& p) const {
    if (auto next = monthly_weekday(i, p)) return next;
    Recurrence r;
    const auto w = word(i);
    auto simple = [&](const char* freq, long interval) {
      r.freq = freq;
      r.interval = interval;
      p.rec = r;
      return i + 1;
    };
    if (w == "daily" || w == "everyday") return simple("DAILY", 1);
    if (w == "weekly") return simple("WEEKLY", 1);
    if (w == "fortnightly" || w == "biweekly") return simple("WEEKLY", 2);
    if ((w == "every" || w == "each") && is_fortnight(word(i + 1))) {
      r.freq = "WEEKLY", r.interval = 2;
      p.rec = r;
      return i + 2;
    }
    if (w == "monthly") return simple("MONTHLY", 1);
    if (w == "yearly" || w == "annually") return simple("YEARLY", 1);
    if (w == "hourly") return simple("HOURLY", 1);
    if (w == "on" || w == "weekdays" || w == "weekends") {
      std::size_t j = w == "on" ? i + 1 : i;
      r.freq = "WEEKLY";
      if (word(j) == "weekdays" || word(j) == "weekends") {
        r.byday = word(j) == "weekdays" ? std::vector<unsigned>{1, 2, 3, 4, 5}
                                        : std::vector<unsigned>{6, 7};
        p.rec = r;
        return j + 1;
      }
      if (w != "on") return std::nullopt;
      auto next = weekday_list(j, r.byday, true);
      if (!next) return std::nullopt;
      p.rec = r;
      return next;
    }
    if (w != "every" && w != "each") {
      // "mondays at 9", "for wednesdays": a plural weekday alone recurs weekly.
      bool plural = false;
      if (detail::weekday_word(w, &plural) && plural) {
        auto next = weekday_list(i, r.byday, true);
        if (!next) return std::nullopt;
        r.freq = "WEEKLY";
        p.rec = r;
        return next;
      }
      return std::nullopt;
    }
    std::size_t j = i + 1;
    // "every june third", "every 3rd of may": once a year, on that date.
    if (auto d = date_of(j, true); d && d->spec.kind == DaySpec::Kind::month_day && !p.day) {
      r.freq = "YEARLY";
      p.day = d->spec;
      p.rec = r;
      return d->next;
    }
    // "every 15th of the month", "every first of the month"
    if (auto o = ordinal(j); o && o->value >= 1 && o->value <= 31 && word(o->next) == "of") {
      std::size_t k = o->next + 1;
      if (word(k) == "the" || word(k) == "each" || word(k) == "every") ++k;
      if (word(k) == "month") {
        r.freq = "MONTHLY";
        r.bymonthday = static_cast<unsigned>(o->value);
        p.rec = r;
        return k + 1;
      }
    }
    if (word(j) == "other") {
      r.interval = 2, ++j;
    } else if (auto o = ordinal(j); o && o->value >= 2 && o->value <= 12) {
      r.interval = o->value, j = o->next;
    } else if (auto n = cardinal(j); n && n->value >= 1 && n->value <= 1000) {
      r.interval = n->value, j = n->next;
    }
    const auto unit = word(j);
    if (unit == "week" && word(j + 1) == "day") {
      r.freq = "WEEKLY", r.byday = {1, 2, 3, 4, 5}, j += 2;
    } else if (unit == "weekday" || unit == "weekdays") {
      r.freq = "WEEKLY", r.byday = {1, 2, 3, 4, 5}, ++j;
    } else if (unit == "weekend" || unit == "weekends") {
      r.freq = "WEEKLY", r.byday = {6, 7}, ++j;
    } else if (auto u = unit_of(unit)) {
      switch (*u) {
        case Unit::second:
          return std::nullopt;
        case Unit::minute:
          r.freq = "MINUTELY";
          break;
        case Unit::hour:
          r.freq = "HOURLY";
          break;
        case Unit::day:
          r.freq = "DAILY";
          break;
        case Unit::week:
          r.freq = "WEEKLY";
          break;
        case Unit::month:
          r.freq = "MONTHLY";
          break;
        case Unit::year:
          r.freq = "YEARLY";
          break;
      }
      ++j;
    } else if (auto part = part_word(unit)) {
      if (p.part) return std::nullopt;
      r.freq = "DAILY";
      p.part = *part;
      ++j;
    } else if (auto next = weekday_list(j, r.byday, false)) {
      r.freq = "WEEKLY";
      j = *next;
    } else {
      return std::nullopt;
    }
    p.rec = r;
    return j;
  }

  const std::vector<Token>& t_;
  local_days today_;
};

// ---------------------------------------------------------------------------------------------
// Placing what was said on the calendar.

class Placer {
 public:
  Placer(const date::time_zone* zone, Timestamp now, const ResolveOptions& options)
      : zone_(zone), now_(now), prefer_future_(options.prefer_future) {
    today_ = date::floor<Days>(zone_->to_local(now_));
    if (options.day_of) {
      const local_days day = date::floor<Days>(zone_->to_local(*options.day_of));
      if (day != today_) default_day_ = day;
    }
  }

  local_days today() const { return today_; }

  std::optional<TimeExpression> place(Parts p) const {
    TimeExpression e;
    if (p.duration) e.duration = std::chrono::duration_cast<minutes>(*p.duration);
    if (p.offset) {
      e.start = now_ + *p.offset;
      e.grain = Grain::minute;
      e.time_given = true;
      if (p.duration) e.end = e.start + *p.duration;
      return e;
    }
    if (p.span) {
      if (!narrow_into_span(p)) {
        e.start = utc(local_seconds{p.span->start});
        e.end = utc(local_seconds{p.span->end});
        e.grain = p.span->grain;
        return e;
      }
    }
    if (p.time) carry_meridiem(p);
    if (p.rec) return place_recurring(p, e);
    if (p.end_day) return place_day_range(p, e);
    if (!p.time && !p.part && !p.day) {
      if (!p.duration) return std::nullopt;
      e.start = now_;
      e.end = now_ + *p.duration;
      e.grain = Grain::minute;
      return e;
    }
    std::optional<local_days> d;
    const bool roll_pm = !p.end_time;
    if (p.day) {
      d = resolve_day(*p.day, [&](local_days x) { return over(p, x, roll_pm); });
    } else if (p.part_fixed) {
      d = today_;
    } else if (default_day_) {
      d = default_day_;
    } else {
      d = today_;
      if (prefer_future_ && over(p, today_, roll_pm)) d = today_ + Days{1};
    }
    if (!d) return std::nullopt;
    if (p.week_of_day) {
      e.start = utc(local_seconds{monday_of(*d)});
      e.end = utc(local_seconds{monday_of(*d) + Days{7}});
      e.grain = Grain::week;
      return e;
    }
    fill(p, *d, roll_pm, e);
    return e;
  }

 private:
  Timestamp utc(local_seconds t) const { return local_to_utc(*zone_, t); }

  // "friday next week" / "the 3rd of next month" said as a day inside a span.
  bool narrow_into_span(Parts& p) const {
    if (!p.day) return false;
    DaySpec& d = *p.day;
    if (d.kind == DaySpec::Kind::weekday && p.span->grain == Grain::week) {
      const local_days day = p.span->start + Days{d.weekday - 1};
      d = DaySpec{};
      d.day = day;
    } else if (d.kind == DaySpec::Kind::day_of_month && p.span->grain == Grain::month) {
      const date::year_month_day first{p.span->start};
      const date::year_month_day ymd{first.year(), first.month(), date::day{d.mday}};
      if (ymd.ok()) {
        d = DaySpec{};
        d.day = local_days{ymd};
      }
    }
    return true;  // any other day said with a span is more precise than the span
  }

  // An am/pm said on one side of a range carries to the other, flipped when the carried side
  // would otherwise come later ("from 11 to 1 pm" is 11 am to 1 pm).
  static void carry_meridiem(Parts& p) {
    if (!p.end_time) return;
    Clock& a = *p.time;
    Clock& b = *p.end_time;
    auto carries = [](const Clock& c) {
      return c.meridiem == Meridiem::none && !c.literal && c.hour >= 1 && c.hour <= 12;
    };
    auto flip = [](Meridiem m) { return m == Meridiem::am ? Meridiem::pm : Meridiem::am; };
    if (carries(a) && b.meridiem != Meridiem::none) {
      a.meridiem = (a.hour % 12 <= b.hour % 12) ? b.meridiem : flip(b.meridiem);
    } else if (carries(b) && a.meridiem != Meridiem::none) {
      b.meridiem = (b.hour % 12 >= a.hour % 12) ? a.meridiem : flip(a.meridiem);
    }
  }

  // One of p's clock times on a day; p says the part of day and whether evening plans were said.
  local_seconds clock_on(const Clock& c, const Parts& p, local_days day, bool roll_pm) const {
    const auto part = p.part;
    if (c.midnight) return local_seconds{day + Days{1}};
    int h = c.hour;
    const int m = c.minute;
    if (c.meridiem == Meridiem::am) {
      h %= 12;
    } else if (c.meridiem == Meridiem::pm) {
      h = h % 12 + 12;
    } else if (c.literal || h == 0 || h > 12) {
      // a 24-hour time, as said
    } else if (part) {
      switch (*part) {
        case Part::morning:
          h %= 12;
          break;
        case Part::afternoon:
        case Part::evening:
          if (h < 12) h += 12;
          break;
        case Part::night:
        case Part::tonight:
          h = (h == 12) ? 24 : (h <= 4 ? h + 24 : h + 12);
          break;
      }
    } else if (h <= 7 || (p.evening_plans && h < 12)) {
      h += 12;
    } else if (h < 12 && roll_pm && prefer_future_ && day == today_) {
      const auto am = local_seconds{day} + hours{h} + minutes{m};
      if (utc(am) < now_ && utc(am + hours{12}) >= now_) h += 12;
    }
    return local_seconds{day} + hours{h} + minutes{m};
  }

  local_seconds start_on(const Parts& p, local_days d, bool roll_pm) const {
    if (p.time) return clock_on(*p.time, p, d, roll_pm);
    if (p.part) return local_seconds{d} + hours{part_hours(*p.part).start};
    return local_seconds{d};
  }

  // True once the occurrence on day d is no longer ahead: its clock time has passed, its part
  // of day has ended, or (a whole day) the day itself is over.
  bool over(const Parts& p, local_days d, bool roll_pm) const {
    if (p.time) return utc(start_on(p, d, roll_pm)) < now_;
    if (p.part) return utc(local_seconds{d} + hours{part_hours(*p.part).end}) <= now_;
    return d < today_;
  }

  void fill(const Parts& p, local_days d, bool roll_pm, TimeExpression& e) const {
    const local_seconds start = start_on(p, d, roll_pm);
    e.start = utc(start);
    if (p.time) {
      e.grain = Grain::minute;
      e.time_given = true;
      if (p.end_time) {
        e.end = utc(end_clock(p, d, start));
      } else if (p.duration) {
        e.end = e.start + *p.duration;
      }
    } else if (p.part) {
      e.grain = Grain::hour;
      e.end = utc(local_seconds{d} + hours{part_hours(*p.part).end});
    } else {
      e.grain = Grain::day;
      e.end = utc(local_seconds{d + Days{1}});
    }
  }

  // The end of a clock range: the first reading after the start.
  local_seconds end_clock(const Parts& p, local_days d, local_seconds start) const {
    const Clock& c = *p.end_time;
    local_seconds end = clock_on(c, p, d, false);
    if (!p.part && c.meridiem == Meridiem::none && !c.literal && c.hour >= 1 && c.hour <= 12) {
      const local_seconds am = local_seconds{d} + hours{c.hour % 12} + minutes{c.minute};
      end = am > start ? am : am + hours{12};
    }
    while (end <= start) end += Days{1};
    return end;
  }

  template <class Over>
  std::optional<local_days> resolve_day(const DaySpec& d, Over over) const {
    auto day = named_day(d, over);
    if (day) *day += Days{d.plus_days};
    return day;
  }

  template <class Over>
  std::optional<local_days> named_day(const DaySpec& d, Over over) const {
    switch (d.kind) {
      case DaySpec::Kind::fixed:
        return d.day;
      case DaySpec::Kind::weekday: {
        const unsigned today_wd = iso_weekday(today_);
        const local_days monday = monday_of(today_);
        switch (d.roll) {
          case Roll::next_week:
            return monday + Days{7 + d.weekday - 1};
          case Roll::this_week:
            return monday + Days{d.weekday - 1};
          case Roll::last: {
            const unsigned back = (today_wd + 7 - d.weekday) % 7;
            return today_ - Days{back == 0 ? 7 : back};
          }
          case Roll::coming: {
            if (!prefer_future_) return monday + Days{d.weekday - 1};
            const local_days candidate = today_ + Days{(d.weekday + 7 - today_wd) % 7};
            return over(candidate) ? candidate + Days{7} : candidate;
          }
        }
        return std::nullopt;
      }
      case DaySpec::Kind::month_day:
      case DaySpec::Kind::day_of_month: {
        // A weekday said with the date narrows it ("friday the 13th"); if no date nearby falls
        // on it, the date alone decides.
        if (d.weekday != 0) {
          auto on_weekday = date_on(d, over, true);
          if (on_weekday) return on_weekday;
        }
        return date_on(d, over, false);
      }
      case DaySpec::Kind::nth_weekday:
        return nth_weekday_on(d, over);
    }
    return std::nullopt;
  }

  // Of the month named, or of this month (then the next, once it is over) or next month.
  template <class Over>
  std::optional<local_days> nth_weekday_on(const DaySpec& d, Over over) const {
    const date::year_month_day today{today_};
    date::year_month ym{today.year(), today.month()};
    if (d.month != 0) {
      ym = date::year_month{d.year ? date::year{d.year} : today.year(), date::month{d.month}};
    }
    ym += date::months{d.month_shift};
    const bool fixed_year = d.month != 0 && d.year != 0;
    const int tries = (d.month_shift != 0 || fixed_year || !prefer_future_) ? 1 : 2;
    const date::months step{d.month != 0 ? 12 : 1};
    for (int k = 0; k < tries; ++k, ym += step) {
      const auto day = nth_weekday_of(ym, d.nth, d.weekday);
      if (day && (k + 1 == tries || !over(*day))) return day;
    }
    return std::nullopt;
  }

  template <class Over>
  std::optional<local_days> date_on(const DaySpec& d, Over over, bool match_weekday) const {
    auto fits = [&](const date::year_month_day& ymd) {
      return ymd.ok() && (!match_weekday || iso_weekday(local_days{ymd}) == d.weekday);
    };
    switch (d.kind) {
      case DaySpec::Kind::month_day: {
        const int this_year = int(date::year_month_day{today_}.year());
        const int first = d.year ? d.year : this_year;
        const int last = d.year ? d.year : this_year + 8;  // Feb 29 waits for a leap year
        for (int y = first; y <= last; ++y) {
          const date::year_month_day ymd{date::year{y}, date::month{d.month}, date::day{d.mday}};
          if (!fits(ymd)) continue;
          if (d.year || !prefer_future_ || !over(local_days{ymd})) return local_days{ymd};
        }
        return std::nullopt;
      }
      case DaySpec::Kind::day_of_month: {
        const date::year_month_day first{first_of_month(today_)};
        const date::year_month ym{first.year(), first.month()};
        for (int k = 0; k < 24; ++k) {
          const auto ymd = (ym + date::months{k}) / date::day{d.mday};
          if (!fits(ymd)) continue;
          if (!prefer_future_ || !over(local_days{ymd})) return local_days{ymd};
        }
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  std::optional<TimeExpression> place_day_range(const Parts& p, TimeExpression& e) const {
    auto whole_day_over = [&](local_days x) { return x < today_; };
    const auto first = resolve_day(*p.day, whole_day_over);
    auto last = resolve_day(*p.end_day, whole_day_over);
    if (!first || !last) return std::nullopt;
    if (*last < *first && p.end_day->kind == DaySpec::Kind::weekday) *last += Days{7};
    if (*last < *first) return std::nullopt;
    e.start = utc(local_seconds{*first});
    e.end = utc(local_seconds{*last + Days{1}});
    e.grain = Grain::day;
    return e;
  }

  std::optional<TimeExpression> place_recurring(Parts& p, TimeExpression& e) const {
    Recurrence r = *p.rec;
    if (p.day && r.freq == "WEEKLY" && r.byday.empty() && p.day->kind == DaySpec::Kind::weekday) {
      r.byday = {p.day->weekday};
      p.day.reset();
    }
    if (p.day && r.freq == "MONTHLY" && !r.bymonthday &&
        p.day->kind == DaySpec::Kind::day_of_month) {
      r.bymonthday = p.day->mday;
      p.day.reset();
    }
    e.rrule = "FREQ=" + r.freq;
    if (r.interval > 1) e.rrule += ";INTERVAL=" + std::to_string(r.interval);
    if (!r.byday.empty()) {
      static constexpr std::array<const char*, 8> kCodes = {"",   "MO", "TU", "WE",
                                                            "TH", "FR", "SA", "SU"};
      e.rrule += ";BYDAY=";
      for (std::size_t k = 0; k < r.byday.size(); ++k) {
        if (k) e.rrule += ',';
        if (r.nth != 0) e.rrule += std::to_string(r.nth);
        e.rrule += kCodes[r.byday[k]];
      }
    }
    if (r.bymonthday) e.rrule += ";BYMONTHDAY=" + std::to_string(r.bymonthday);

    if ((r.freq == "HOURLY" || r.freq == "MINUTELY") && !p.time) {
      e.start = date::floor<minutes>(now_);
      e.grain = Grain::minute;
      return e;
    }
    // "every wednesday for the next six weeks": a span of a day or more bounds the recurrence.
    std::optional<seconds> runs_for;
    if (p.duration && *p.duration >= hours{24}) {
      runs_for = p.duration;
      p.duration.reset();
      e.duration.reset();
    }
    auto is_over = [&](local_days x) { return over(p, x, false); };
    std::optional<local_days> base = today_;
    if (p.day) base = resolve_day(*p.day, is_over);
    if (!base) return std::nullopt;
    auto matches = [&](local_days x) {
      const unsigned wd = iso_weekday(x);
      if (!r.byday.empty() && std::find(r.byday.begin(), r.byday.end(), wd) == r.byday.end()) {
        return false;
      }
      if (r.nth != 0) {
        const date::year_month_day ymd{x};
        return nth_weekday_of(ymd.year() / ymd.month(), r.nth, wd) == x;
      }
      return !r.bymonthday || unsigned(date::year_month_day{x}.day()) == r.bymonthday;
    };
    for (int k = 0; k < 400; ++k) {
      const local_days x = *base + Days{k};
      if (matches(x) && !is_over(x)) {
        fill(p, x, false, e);
        if (runs_for) {
          e.rrule += ";UNTIL=" + date::format("%Y%m%dT%H%M%SZ", e.start + *runs_for - seconds{1});
        }
        return e;
      }
    }
    return std::nullopt;
  }

  const date::time_zone* zone_;
  Timestamp now_;
  bool prefer_future_;
  local_days today_;
  std::optional<local_days> default_day_;
};

// "dinner at 8", "drinks at 9": plans that are made for the evening.
bool says_evening_plans(const std::vector<Token>& tokens) {
  constexpr std::array<std::string_view, 16> kEveningPlans = {
      "dinner", "supper",  "drinks",  "party",   "pub", "movie",   "movies",    "film",
      "cinema", "theatre", "theater", "concert", "gig", "karaoke", "nightclub", "bar"};
  return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
    return std::find(kEveningPlans.begin(), kEveningPlans.end(), t.text) != kEveningPlans.end();
  });
}

bool is_sentence_end(const Token& token) {
  return token.kind == TokenKind::symbol &&
         (token.text == "." || token.text == "?" || token.text == "!" || token.text == ";");
}

// "weekly" then "on mondays", "biweekly" then "every tuesday": a bare frequency said first,
// and the same frequency with its days after. The days join the first one's interval.
std::optional<Recurrence> refined(const Recurrence& bare, const Recurrence& exact) {
  if (!bare.byday.empty() || bare.bymonthday != 0 || bare.freq != exact.freq ||
      exact.interval != 1 || (exact.byday.empty() && exact.bymonthday == 0)) {
    return std::nullopt;
  }
  Recurrence out = exact;
  out.interval = bare.interval;
  return out;
}

// The union of two expressions said apart, when they do not overlap: a day with a clock time
// or a part of day, a clock time with a recurrence, and so on. An offset ("in 20 minutes") is
// complete by itself, and a week/month/year span only narrows to a day, so neither joins.
std::optional<Parts> join(const Parts& a, const Parts& b) {
  if (a.offset || b.offset) return std::nullopt;
  std::optional<Recurrence> recurrence;
  if (a.rec && b.rec) {
    recurrence = refined(*a.rec, *b.rec);
    if (!recurrence) return std::nullopt;
  }
  if ((a.day && b.day) || (a.end_day || b.end_day) || (a.span && b.span) || (a.time && b.time) ||
      (a.part && b.part) || (a.duration && b.duration)) {
    return std::nullopt;
  }
  Parts out = a;
  if (recurrence) out.rec = recurrence;
  if (b.day) out.day = b.day;
  if (b.span) out.span = b.span;
  if (b.time) out.time = b.time, out.end_time = b.end_time;
  if (b.part) out.part = b.part, out.part_fixed = b.part_fixed;
  if (b.duration) out.duration = b.duration;
  if (b.rec && !recurrence) out.rec = b.rec;
  if (out.span && (out.time || out.part || out.rec) && !out.day) return std::nullopt;
  if (out.span && out.day && out.span->grain != Grain::week && out.span->grain != Grain::month) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::string grain_name(Grain grain) {
  switch (grain) {
    case Grain::minute:
      return "minute";
    case Grain::hour:
      return "hour";
    case Grain::day:
      return "day";
    case Grain::week:
      return "week";
    case Grain::month:
      return "month";
    case Grain::year:
      return "year";
  }
  return "minute";
}

std::optional<TimeExpression> resolve(std::string_view text, Timestamp now, const std::string& tz,
                                      ResolveOptions options) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(tz);
  } catch (const std::runtime_error&) {
    throw std::invalid_argument("unknown time zone: " + tz);
  }
  const Placer placer(zone, now, options);
  const std::vector<Token> tokens = detail::tokenize(text);
  const Grammar grammar(tokens, placer.today());
  const bool evening_plans = says_evening_plans(tokens);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Parts parts;
    const auto end = grammar.expression(i, parts);
    if (!end) continue;
    parts.evening_plans = evening_plans;
    auto expression = placer.place(parts);
    if (!expression) continue;  // said but impossible, e.g. "february 30th"
    std::vector<TextSpan> pieces{{tokens[i].begin, tokens[*end - 1].end - tokens[i].begin}};
    // A day and a clock time are often said apart: "on friday remind me to call at 5 pm",
    // "tomorrow's meeting in the evening". Up to two later expressions that add what the first
    // lacks join it, each starting within kJoinGap tokens of the last, never past the end of a
    // sentence.
    constexpr std::size_t kJoinGap = 6;
    std::size_t last = *end;
    for (int joined = 0; joined < 2; ++joined) {
      bool found = false;
      for (std::size_t k = last; k < tokens.size() && k <= last + kJoinGap; ++k) {
        if (is_sentence_end(tokens[k])) break;
        Parts more;
        const auto more_end = grammar.expression(k, more);
        if (!more_end) continue;
        auto merged = join(parts, more);
        if (!merged) break;  // the next time said is another one ("at 3 ... at 5")
        auto placed = placer.place(*merged);
        if (!placed) break;
        parts = std::move(*merged);
        expression = std::move(placed);
        pieces.push_back({tokens[k].begin, tokens[*more_end - 1].end - tokens[k].begin});
        last = *more_end;
        found = true;
        break;
      }
      if (!found) break;
    }
    expression->begin = pieces.front().begin;
    expression->length = pieces.back().begin + pieces.back().length - pieces.front().begin;
    expression->pieces = std::move(pieces);
    return expression;
  }
  return std::nullopt;
}

std::optional<Shift> find_shift(std::string_view text) {
  const std::vector<Token> tokens = detail::tokenize(text);
  const Grammar grammar(tokens, local_days{});
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (is_sentence_end(tokens[i])) break;
    if (auto shift = grammar.shift(i)) return shift;
  }
  return std::nullopt;
}

nlohmann::json to_json(const TimeExpression& expression) {
  nlohmann::json out{{"start", format_rfc3339(expression.start)},
                     {"end", nullptr},
                     {"grain", grain_name(expression.grain)}};
  if (expression.end) out["end"] = format_rfc3339(*expression.end);
  if (!expression.rrule.empty()) out["rrule"] = expression.rrule;
  if (expression.duration) out["duration_minutes"] = expression.duration->count();
  return out;
}

}  // namespace convonet::assistant::time
