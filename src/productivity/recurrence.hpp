#pragma once
// RFC 5545 recurrence rules: a supported subset of RRULE (FREQ DAILY/WEEKLY/MONTHLY with
// INTERVAL, COUNT, UNTIL, BYDAY) and its expansion in the event's own time zone.
#include <date/date.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace convonet::productivity {

enum class Frequency { daily, weekly, monthly };

// An ordinal BYDAY entry such as 1MO (first Monday) or -1FR (last Friday); MONTHLY only.
struct NthWeekday {
  int n = 1;  // 1..5 or -5..-1
  date::weekday day = date::Monday;

  friend bool operator==(const NthWeekday&, const NthWeekday&) = default;
};

struct RecurrenceRule {
  Frequency freq = Frequency::daily;
  int interval = 1;
  std::optional<int> count;
  std::optional<Timestamp> until;      // inclusive
  std::vector<date::weekday> by_day;   // plain BYDAY entries (every such weekday)
  std::vector<NthWeekday> by_nth_day;  // ordinal BYDAY entries (MONTHLY only)

  friend bool operator==(const RecurrenceRule&, const RecurrenceRule&) = default;
};

// Parses an RRULE value ("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10", optionally prefixed "RRULE:").
// Names and values are case-insensitive. A date-only UNTIL (YYYYMMDD) means the end of that
// UTC day. Fails with Error::unprocessable, code "invalid_rrule", naming the offending part.
Result<RecurrenceRule> parse_rrule(std::string_view text);

// Canonical text without the "RRULE:" prefix: FREQ, INTERVAL (when not 1), COUNT, UNTIL
// (always YYYYMMDDTHHMMSSZ), BYDAY (plain days Monday first, then ordinals), e.g.
// "FREQ=MONTHLY;INTERVAL=2;COUNT=5;BYDAY=1MO,-1FR". parse_rrule(format_rrule(r)) == r for
// every parsed r.
std::string format_rrule(const RecurrenceRule& rule);

struct Occurrence {
  Timestamp start;
  Timestamp end;

  friend bool operator==(const Occurrence&, const Occurrence&) = default;
};

// Occurrences of an event first held [dtstart, dtend) that overlap [from, to) (a zero-length
// occurrence overlaps when from <= start < to), in order, at most `max` of them. Dates are
// computed in the IANA zone `tz` ("" means UTC) so the local wall-clock time stays constant
// across DST changes; a local time in a spring-forward gap shifts forward by the gap, an
// ambiguous one takes the earlier instant. DTSTART always counts as the first occurrence.
// Work is bounded (about 100k candidate dates) whatever the window. Throws
// std::invalid_argument for an unknown zone: callers validate zones with is_known_timezone
// (core/time.hpp).
std::vector<Occurrence> expand(const RecurrenceRule& rule, Timestamp dtstart, Timestamp dtend,
                               const std::string& tz, Timestamp from, Timestamp to,
                               std::size_t max = 1000);

// True when an occurrence of the event starts exactly at `start` (what an EXDATE names).
// Same zone rules and bounds as expand.
bool is_occurrence(const RecurrenceRule& rule, Timestamp dtstart, Timestamp dtend,
                   const std::string& tz, Timestamp start);

}  // namespace convonet::productivity
