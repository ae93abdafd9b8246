#pragma once
// Natural-language date/time resolution for the assistant.
//
// The input is free text as typed or as speech recognition writes it (lower case, no
// punctuation, numbers as words). A tokenizer and a small grammar over tokens find the first
// (leftmost, then longest) date/time expression; it is resolved against a reference instant
// in an IANA zone with the system tz database, so local wall-clock times are DST-correct.
//
// Rules (local time of `tz`; every range is half-open, [start, end)):
//  Days      "today", "tomorrow", "yesterday", "the day after tomorrow": start 00:00, end the
//            next 00:00, grain day. Same for a date or weekday said without a clock time.
//  Weekdays  "friday", "this friday", "on friday": the first Friday from today on; today counts
//            unless the clock time said with it has already passed. "next friday" is the
//            Friday of next week (weeks run Monday..Sunday), so on a Monday it is 11 days out
//            and on a Saturday 6. "last friday" is the latest Friday strictly before today.
//            "friday next week" / "next week on friday" mean the same as "next friday".
//            "monday week" is a week after the coming Monday; "a week from friday", "a week on
//            friday", "a week tomorrow", "two days after monday": so many days after the day.
//            "the first monday of december", "the last friday of the month" (this month's,
//            or next month's once it is over), "the 2nd tuesday of next month".
//  Dates     "december 3", "dec 3rd", "the 3rd of december", "3 december", "the twenty third
//            of june", "june 1 2027", ISO "2026-12-03". Without a year: this year unless the
//            day is already over, then next year. "on the 3rd" / "the 3rd of the month": this
//            month unless over (or invalid, e.g. the 31st in April), then the next month that
//            has it. "the 3rd" alone needs "on"/"by"/"for"/"until" before it ("the third
//            option" is not a date), and "may 3" needs an ordinal or "on" ("i may 3 times").
//            "friday the 13th" is the next 13th that is a Friday. Slash dates ("3/12") are not
//            recognised: day/month order is ambiguous. Spoken forms: "ten march", "twenty fifth
//            may" (an ordinal makes "may" the month), "twelveth", years "two thousand and
//            seventeen", "twenty twenty seven", "nineteen ninety nine". A possessive names the
//            day itself: "tomorrow's meeting", "friday's lunch" (the span keeps the "'s").
//  Spans     "this week" / "next week" / "last week": Monday 00:00 to the next Monday, grain
//            week (this week starts on its Monday even if that is past). "this month" / "next
//            month" / "in december": the 1st to the 1st of the next month, grain month (a
//            month name alone is this year's unless it has ended). "this weekend" / "next
//            weekend": Saturday 00:00 to Monday 00:00, grain day ("weekend" alone: the coming
//            one). "this/next/last/current year": grain year. "current week/month", and "for
//            the week" / "over the month" mean this one. "the rest (remainder) of the week /
//            month / day": today to its end; "the next five days" / "the past 2 weeks": that
//            many days from or back to today; both grain day. "end of the month/year":
//            its last day; "end of the week": its Friday (the working week); "beginning of
//            next month": its 1st; all grain day.
//  Clock     "3pm", "15:30", "2:30 pm", "two thirty pm", "at 9", "at 1430", "noon",
//            "half past three", "quarter past 10", "quarter to five", "twenty past nine",
//            "10 to 6", "at half three" / "to half nine", "fourteen thirty", "at 4.30" (a dot
//            only with "at", am/pm or a part of day), "lunchtime" (12:00), "first thing"
//            (9:00; not "the first thing on my list"). Grain minute, no end, time_given. A bare
//            number is a time only with "at", am/pm, "o'clock" or a part of day after it
//            ("3 in the afternoon"), so "call 911" and "two people" are not times.
//            Military style "six hundred", "fourteen hundred hours", "six hundred and forty
//            five am" is a 24-hour time, but only with "hours", am/pm or "at".
//            Hours without am/pm: 13..23 and 0, or a leading zero ("09:00"), are 24-hour;
//            12 is noon; 1..7 are pm (people rarely schedule 3 am); 8..11 are am (pm when
//            evening plans are said: "dinner at 8", "drinks at 9", "a movie at 10"), except that
//            on today (said or implied) with prefer_future, when the am time has passed and
//            the pm one has not, pm. A part of day decides instead ("7 in the morning", "9
//            tonight"; at night 12 is midnight and 1..4 are the small hours of the next day).
//            "midnight" is 00:00 at the end of the named day (the coming midnight if none).
//            A clock time with no day is today, or tomorrow if it has passed (prefer_future).
//  Parts     morning 09-12, afternoon 12-17, evening 18-21, night 21-24, "tonight" today
//            20-24; grain hour, not time_given. "morning", "afternoon" and "evening" count alone
//            too ("what does my afternoon look like", "for the evening"), except after "good";
//            "night" alone is mostly a noun ("game night"), so it needs a day before it or
//            "this", "at", "in the", "during the". A part alone, "in the morning" included,
//            said once it is over means tomorrow's; "this morning" never rolls.
//  Relative  "in 20 minutes", "in an hour and a half", "in half an hour", "45 minutes from
//            now", "in 2 hours": now + amount, grain minute, time_given. "in 3 days" / "in two
//            weeks" / "in a fortnight" / "in a month": that day (months clamp to the month's
//            end), grain day.
//            "... ago" goes back. "in a second" is not a time (it means "soon").
//  Ranges    "from 2 to 4 pm", "between 3 and 5", "2-4pm", "2pm to 4pm", "from 9 am to 5 pm":
//            start and end, grain minute. An am/pm said on one side carries to the other,
//            flipped when the carried side would otherwise come later ("from 11 to 1 pm" is
//            11:00-13:00). An end not after the start is on the next day. Days too:
//            "from monday to wednesday" is Monday 00:00 to Thursday 00:00, grain day.
//  Duration  "for 45 minutes", "for an hour", "for half an hour", "for 2 hours": `duration`;
//            with a clock time, end = start + duration. A duration alone starts now.
//  Recurring "daily", "every day", "every weekday" (BYDAY=MO,TU,WE,TH,FR), "every weekend",
//            "every monday at 9", "every monday and thursday", "on tuesdays", "every other
//            week" (INTERVAL=2), "every 3 days", "weekly", "monthly", "yearly", "hourly",
//            "every morning", "every month on the 1st" / "every 15th of the month"
//            (BYMONTHDAY), "mondays" alone (weekly), "every june third" (FREQ=YEARLY),
//            "every fortnight", "the last thursday of every month" (BYDAY=-1TH), "every first
//            monday of the month" (BYDAY=1MO).
//            `rrule` holds the RFC 5545 value; start is the first occurrence
//            not yet over, with the same grain/end rules as a single occurrence.
//  Apart     A day and a time are often said apart: "on friday remind me to call bob at 5
//            pm", "tomorrow's meeting in the evening", "the six am alarm for wednesday". Up to
//            two later expressions that add only what the first lacks (a day, a clock time, a
//            part of day, a recurrence, a duration) join it when each starts within 6 tokens
//            of the previous one and no ".", "?", "!" or ";" comes between. Two clock times or
//            two days never join. `pieces` lists what was said; begin/length cover them all.
//  DST       Local times that do not exist (spring forward) move forward by the gap; ones
//            that happen twice (fall back) take the earlier instant.
//  prefer_future=false turns off every roll forward above: a weekday is the one in this
//            week, a date this year, a clock time today.
//
// Numbers may be digits or words up to "fifty nine"; ordinals "1st".."31st" and
// "first".."thirty first". Work is linear in the input size; any bytes are safe.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace convonet::assistant::time {

enum class Grain { minute, hour, day, week, month, year };

// "minute", "hour", "day", "week", "month" or "year".
std::string grain_name(Grain grain);

// A byte span of the input.
struct TextSpan {
  std::size_t begin = 0, length = 0;
};

struct TimeExpression {
  Timestamp start;               // UTC
  std::optional<Timestamp> end;  // ranges, durations, parts of day, whole days/weeks/months
  Grain grain = Grain::minute;
  std::string rrule;  // "" or an RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;BYDAY=MO"
  std::optional<std::chrono::minutes> duration;  // "for 45 minutes"
  std::size_t begin = 0, length = 0;             // byte span of the matched text in the input
  // The pieces said, in order. One, unless a day and a time were said apart ("on friday
  // remind me at 5 pm": "on friday", "at 5 pm"); begin/length then run from the first piece to
  // the end of the last, words between included.
  std::vector<TextSpan> pieces;
  bool time_given = false;  // a clock time (or "in 20 minutes") was said
};

struct ResolveOptions {
  bool prefer_future = true;
  // A day said nowhere is the local day of this instant instead of today, when that day is
  // not today: "move thursday's call to 3" is at 3 on Thursday.
  std::optional<Timestamp> day_of;
};

// Finds the first, longest date/time expression in free text; nullopt if there is none.
// Throws std::invalid_argument if tz is not a known IANA zone: validate zones at the
// boundary (convonet::is_known_timezone).
std::optional<TimeExpression> resolve(std::string_view text, Timestamp now, const std::string& tz,
                                      ResolveOptions options = {});

// A change of an existing item said relative to what it is. Moves: "push it back an hour",
// "30 minutes later", "bump it up a day" (earlier), "move the call by 15 minutes" (a move
// verb and no direction: later). Lengths: "make it 15 minutes longer", "an extra half hour",
// "another hour", "extend it by 30 minutes", "shorten it by 10 minutes". The amount has a fixed
// length (minutes, hours, days or weeks; a year at most). "in 20 minutes", "an hour ago", "20
// minutes from now" and "30 minutes before" are points or lead times, never shifts.
struct Shift {
  enum class Kind { move, length };
  Kind kind = Kind::move;
  std::chrono::minutes minutes{0};  // later or longer when positive
  TextSpan span;                    // the amount with its direction word and "by"
};

// The first shift said before the end of the first sentence; nullopt if none.
std::optional<Shift> find_shift(std::string_view text);

// {"start": RFC 3339, "end": RFC 3339 | null, "grain": "..."}, plus "rrule" when recurring and
// "duration_minutes" when a duration was said.
nlohmann::json to_json(const TimeExpression& expression);

}  // namespace convonet::assistant::time
