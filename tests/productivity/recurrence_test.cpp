#include "productivity/recurrence.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace convonet::productivity {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Timestamp at(std::string_view rfc3339) {
  const auto t = parse_rfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

RecurrenceRule rule(std::string_view text) {
  auto parsed = parse_rrule(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : RecurrenceRule{};
}

std::vector<std::string> starts(const std::vector<Occurrence>& occurrences) {
  std::vector<std::string> out;
  for (const auto& o : occurrences) out.push_back(format_rfc3339(o.start));
  return out;
}

// A window wide enough to hold every occurrence the tests create.
const Timestamp kEver = at("2000-01-01T00:00:00Z");
const Timestamp kNever = at("2100-01-01T00:00:00Z");

// ---- parse_rrule -------------------------------------------------------------------------

TEST(ParseRrule, WeeklyWithByDayAndCount) {
  const auto r = parse_rrule("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->freq, Frequency::weekly);
  EXPECT_EQ(r->interval, 1);
  EXPECT_EQ(r->count, 10);
  EXPECT_FALSE(r->until.has_value());
  EXPECT_EQ(r->by_day, (std::vector<date::weekday>{date::Monday, date::Wednesday}));
  EXPECT_TRUE(r->by_nth_day.empty());
}

TEST(ParseRrule, AcceptsPrefixAndAnyCase) {
  const auto r = parse_rrule("rrule:freq=daily;Interval=3");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->freq, Frequency::daily);
  EXPECT_EQ(r->interval, 3);
  EXPECT_FALSE(r->count.has_value());
}

TEST(ParseRrule, MonthlyWithoutByDay) {
  const auto r = parse_rrule("FREQ=MONTHLY;INTERVAL=1000;COUNT=10000");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->freq, Frequency::monthly);
  EXPECT_EQ(r->interval, 1000);
  EXPECT_EQ(r->count, 10000);
}

TEST(ParseRrule, UntilAsDateTime) {
  const auto r = parse_rrule("FREQ=DAILY;UNTIL=20240131T093000Z");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->until, at("2024-01-31T09:30:00Z"));
}

TEST(ParseRrule, UntilAsDateCoversTheWholeDay) {
  const auto r = parse_rrule("FREQ=DAILY;UNTIL=20240229");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->until, at("2024-02-29T23:59:59Z"));
}

TEST(ParseRrule, MonthlyOrdinalsAreSorted) {
  const auto r = parse_rrule("FREQ=MONTHLY;BYDAY=-1FR,+2TU,1MO,SA");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->by_day, std::vector<date::weekday>{date::Saturday});
  const std::vector<NthWeekday> expected{{1, date::Monday}, {2, date::Tuesday}, {-1, date::Friday}};
  EXPECT_EQ(r->by_nth_day, expected);
}

struct BadRule {
  std::string text;
  std::string mentions;  // the message must name the offending part
};

class ParseRruleError : public ::testing::TestWithParam<BadRule> {};

TEST_P(ParseRruleError, IsUnprocessableAndNamesThePart) {
  const auto r = parse_rrule(GetParam().text);
  ASSERT_FALSE(r.ok()) << GetParam().text;
  EXPECT_EQ(r.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(r.error().code, "invalid_rrule");
  EXPECT_NE(r.error().message.find(GetParam().mentions), std::string::npos)
      << "message: " << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    AllErrors, ParseRruleError,
    ::testing::Values(
        BadRule{"", "empty"}, BadRule{"RRULE:", "empty"}, BadRule{"INTERVAL=2", "FREQ"},
        BadRule{"FREQ=YEARLY", "FREQ"}, BadRule{"FREQ=HOURLY", "FREQ"},
        BadRule{"FREQ=DAILY;INTERVAL=0", "INTERVAL"},
        BadRule{"FREQ=DAILY;INTERVAL=1001", "INTERVAL"},
        BadRule{"FREQ=DAILY;INTERVAL=-1", "INTERVAL"},
        BadRule{"FREQ=DAILY;INTERVAL=two", "INTERVAL"}, BadRule{"FREQ=DAILY;COUNT=0", "COUNT"},
        BadRule{"FREQ=DAILY;COUNT=10001", "COUNT"}, BadRule{"FREQ=DAILY;COUNT=1x", "COUNT"},
        BadRule{"FREQ=DAILY;UNTIL=2024-01-31", "UNTIL"},
        BadRule{"FREQ=DAILY;UNTIL=20230229", "UNTIL"},
        BadRule{"FREQ=DAILY;UNTIL=20240131T250000Z", "UNTIL"},
        BadRule{"FREQ=DAILY;UNTIL=20240131T100000", "UNTIL"},
        BadRule{"FREQ=DAILY;COUNT=3;UNTIL=20240131", "COUNT and UNTIL"},
        BadRule{"FREQ=WEEKLY;BYDAY=XX", "BYDAY"}, BadRule{"FREQ=WEEKLY;BYDAY=MO,", "BYDAY"},
        BadRule{"FREQ=WEEKLY;BYDAY=MONDAY", "BYDAY"}, BadRule{"FREQ=WEEKLY;BYDAY=1MO", "MONTHLY"},
        BadRule{"FREQ=DAILY;BYDAY=-1FR", "MONTHLY"}, BadRule{"FREQ=MONTHLY;BYDAY=6MO", "ordinal"},
        BadRule{"FREQ=MONTHLY;BYDAY=0MO", "ordinal"}, BadRule{"FREQ=MONTHLY;BYDAY=-6FR", "ordinal"},
        BadRule{"FREQ=MONTHLY;BYDAY=+-1FR", "ordinal"},
        BadRule{"FREQ=MONTHLY;BYMONTHDAY=1", "BYMONTHDAY"}, BadRule{"FREQ=WEEKLY;WKST=SU", "WKST"},
        BadRule{"FREQ=DAILY;X-FOO=1", "X-FOO"}, BadRule{"FREQ=DAILY;FREQ=WEEKLY", "repeated"},
        BadRule{"FREQ=DAILY;", "empty part"}, BadRule{"FREQ=DAILY;;COUNT=2", "empty part"},
        BadRule{"FREQ", "NAME=VALUE"}, BadRule{"FREQ=", "NAME=VALUE"},
        BadRule{"=DAILY", "NAME=VALUE"},
        BadRule{"FREQ=DAILY;BYDAY=" + std::string(2000, 'A'), "too long"}));

// ---- format_rrule ------------------------------------------------------------------------

TEST(FormatRrule, IsCanonical) {
  EXPECT_EQ(format_rrule(rule("byday=we,mo,we;count=10;freq=weekly")),
            "FREQ=WEEKLY;COUNT=10;BYDAY=MO,WE");
  EXPECT_EQ(format_rrule(rule("RRULE:FREQ=MONTHLY;BYDAY=-1FR,+1MO,SU;INTERVAL=2")),
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=SU,1MO,-1FR");
  EXPECT_EQ(format_rrule(rule("FREQ=DAILY;UNTIL=20240131")), "FREQ=DAILY;UNTIL=20240131T235959Z");
}

TEST(FormatRrule, FormatsRulesBuiltInCode) {
  RecurrenceRule r;
  r.freq = Frequency::weekly;
  r.interval = 2;
  r.until = at("2024-01-31T09:30:00Z");
  r.by_day = {date::Sunday, date::Monday};
  EXPECT_EQ(format_rrule(r), "FREQ=WEEKLY;INTERVAL=2;UNTIL=20240131T093000Z;BYDAY=MO,SU");
}

TEST(FormatRrule, RoundTrips) {
  for (const char* text :
       {"FREQ=DAILY", "FREQ=DAILY;INTERVAL=3;COUNT=7", "FREQ=WEEKLY;UNTIL=20251231T120000Z",
        "FREQ=WEEKLY;BYDAY=TU,TH,SA", "FREQ=MONTHLY;BYDAY=1MO,3WE,-2FR,-1SU",
        "freq=monthly;byday=mo,-1fr;count=4", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"}) {
    const RecurrenceRule parsed = rule(text);
    const std::string canonical = format_rrule(parsed);
    const auto reparsed = parse_rrule(canonical);
    ASSERT_TRUE(reparsed.ok()) << canonical;
    EXPECT_EQ(*reparsed, parsed) << text;
    EXPECT_EQ(format_rrule(*reparsed), canonical) << text;
  }
}

// ---- expand: frequencies -----------------------------------------------------------------

TEST(Expand, DailyWithCount) {
  const auto start = at("2024-01-01T09:00:00Z");
  const auto got =
      expand(rule("FREQ=DAILY;COUNT=3"), start, start + hours{1}, "UTC", kEver, kNever);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-01T09:00:00Z", "2024-01-02T09:00:00Z",
                                                   "2024-01-03T09:00:00Z"}));
  EXPECT_EQ(got[2].end, at("2024-01-03T10:00:00Z"));
}

TEST(Expand, DailyWithIntervalUntilInclusive) {
  const auto start = at("2024-01-01T09:00:00Z");
  const auto got = expand(rule("FREQ=DAILY;INTERVAL=2;UNTIL=20240107T090000Z"), start, start, "UTC",
                          kEver, kNever);
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-01-01T09:00:00Z", "2024-01-03T09:00:00Z",
                                      "2024-01-05T09:00:00Z", "2024-01-07T09:00:00Z"}));
}

TEST(Expand, DailyRestrictedToWeekdays) {
  const auto start = at("2024-01-05T09:00:00Z");  // a Friday
  const auto got =
      expand(rule("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=3"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-05T09:00:00Z", "2024-01-08T09:00:00Z",
                                                   "2024-01-09T09:00:00Z"}));
}

TEST(Expand, WeeklyWithoutByDayKeepsTheStartWeekday) {
  const auto start = at("2024-01-03T15:00:00Z");  // a Wednesday
  const auto got = expand(rule("FREQ=WEEKLY;COUNT=3"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-03T15:00:00Z", "2024-01-10T15:00:00Z",
                                                   "2024-01-17T15:00:00Z"}));
}

TEST(Expand, WeeklyByDay) {
  const auto start = at("2024-01-01T09:00:00Z");  // a Monday
  const auto got =
      expand(rule("FREQ=WEEKLY;BYDAY=FR,MO,WE;COUNT=5"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-01T09:00:00Z", "2024-01-03T09:00:00Z",
                                                   "2024-01-05T09:00:00Z", "2024-01-08T09:00:00Z",
                                                   "2024-01-10T09:00:00Z"}));
}

TEST(Expand, WeeklyByDayWithInterval) {
  const auto start = at("2024-01-02T09:00:00Z");  // a Tuesday
  const auto got = expand(rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=5"), start, start, "UTC",
                          kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-02T09:00:00Z", "2024-01-04T09:00:00Z",
                                                   "2024-01-16T09:00:00Z", "2024-01-18T09:00:00Z",
                                                   "2024-01-30T09:00:00Z"}));
}

TEST(Expand, StartOffTheRuleStillCountsAsFirstOccurrence) {
  const auto start = at("2024-01-02T09:00:00Z");  // a Tuesday, not in BYDAY
  const auto got =
      expand(rule("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-02T09:00:00Z", "2024-01-03T09:00:00Z",
                                                   "2024-01-08T09:00:00Z"}));
}

TEST(Expand, MonthlyOnTheSameDay) {
  const auto start = at("2024-01-15T12:00:00Z");
  const auto got =
      expand(rule("FREQ=MONTHLY;INTERVAL=5;COUNT=3"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-15T12:00:00Z", "2024-06-15T12:00:00Z",
                                                   "2024-11-15T12:00:00Z"}));
}

TEST(Expand, MonthlyOnThe31stSkipsShortMonths) {
  const auto start = at("2024-01-31T12:00:00Z");
  const auto got = expand(rule("FREQ=MONTHLY;COUNT=4"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-01-31T12:00:00Z", "2024-03-31T12:00:00Z",
                                      "2024-05-31T12:00:00Z", "2024-07-31T12:00:00Z"}));
}

TEST(Expand, MonthlyLastFriday) {
  const auto start = at("2024-01-26T17:00:00Z");
  const auto got =
      expand(rule("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-01-26T17:00:00Z", "2024-02-23T17:00:00Z",
                                      "2024-03-29T17:00:00Z", "2024-04-26T17:00:00Z"}));
}

TEST(Expand, MonthlyFifthFridayOnlyInMonthsThatHaveOne) {
  const auto start = at("2024-03-29T17:00:00Z");
  const auto got =
      expand(rule("FREQ=MONTHLY;BYDAY=5FR;COUNT=3"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-03-29T17:00:00Z", "2024-05-31T17:00:00Z",
                                                   "2024-08-30T17:00:00Z"}));
}

TEST(Expand, MonthlyFirstMondayAndSecondToLastFriday) {
  const auto start = at("2024-02-05T09:00:00Z");  // first Monday of February
  const auto got =
      expand(rule("FREQ=MONTHLY;BYDAY=1MO,-2FR;COUNT=4"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-02-05T09:00:00Z", "2024-02-16T09:00:00Z",
                                      "2024-03-04T09:00:00Z", "2024-03-22T09:00:00Z"}));
}

TEST(Expand, MonthlyEveryTuesday) {
  const auto start = at("2024-04-02T09:00:00Z");
  const auto got =
      expand(rule("FREQ=MONTHLY;BYDAY=TU"), start, start, "UTC", kEver, at("2024-05-01T00:00:00Z"));
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-04-02T09:00:00Z", "2024-04-09T09:00:00Z",
                                                   "2024-04-16T09:00:00Z", "2024-04-23T09:00:00Z",
                                                   "2024-04-30T09:00:00Z"}));
}

// ---- expand: time zones ------------------------------------------------------------------

TEST(Expand, LondonWeeklyKeepsWallTimeIntoSummerTime) {
  const auto start = at("2024-03-25T09:00:00Z");  // 09:00 GMT; BST starts 2024-03-31
  const auto got =
      expand(rule("FREQ=WEEKLY;COUNT=3"), start, start + hours{1}, "Europe/London", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-03-25T09:00:00Z", "2024-04-01T08:00:00Z",
                                                   "2024-04-08T08:00:00Z"}));
  EXPECT_EQ(got[1].end, at("2024-04-01T09:00:00Z"));
}

TEST(Expand, LondonWeeklyKeepsWallTimeIntoWinterTime) {
  const auto start = at("2024-10-21T08:00:00Z");  // 09:00 BST; GMT from 2024-10-27
  const auto got =
      expand(rule("FREQ=WEEKLY;COUNT=2"), start, start, "Europe/London", kEver, kNever);
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-10-21T08:00:00Z", "2024-10-28T09:00:00Z"}));
}

TEST(Expand, NewYorkDailyKeepsWallTimeAcrossSpringForward) {
  const auto start = at("2024-03-09T14:00:00Z");  // 09:00 EST; EDT from 2024-03-10
  const auto got =
      expand(rule("FREQ=DAILY;COUNT=3"), start, start, "America/New_York", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-03-09T14:00:00Z", "2024-03-10T13:00:00Z",
                                                   "2024-03-11T13:00:00Z"}));
}

TEST(Expand, NonexistentLocalTimeShiftsForward) {
  // 02:30 does not exist in New York on 2024-03-10; it becomes 03:30 EDT (07:30Z).
  const auto start = at("2024-03-09T07:30:00Z");  // 02:30 EST
  const auto got =
      expand(rule("FREQ=DAILY;COUNT=3"), start, start, "America/New_York", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-03-09T07:30:00Z", "2024-03-10T07:30:00Z",
                                                   "2024-03-11T06:30:00Z"}));
}

TEST(Expand, AmbiguousLocalTimeTakesTheEarlierInstant) {
  // 01:30 happens twice in New York on 2024-11-03; the first (EDT, 05:30Z) is used.
  const auto start = at("2024-11-02T05:30:00Z");  // 01:30 EDT
  const auto got =
      expand(rule("FREQ=DAILY;COUNT=3"), start, start, "America/New_York", kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z",
                                                   "2024-11-04T06:30:00Z"}));
}

TEST(Expand, LocalDateDecidesTheWeekday) {
  // Monday 23:30 in New York is Tuesday in UTC; BYDAY refers to the local day.
  const auto start = at("2024-01-02T04:30:00Z");  // Mon 2024-01-01 23:30 EST
  const auto got = expand(rule("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3"), start, start, "America/New_York",
                          kEver, kNever);
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2024-01-02T04:30:00Z", "2024-01-04T04:30:00Z",
                                                   "2024-01-09T04:30:00Z"}));
}

TEST(Expand, UnknownZoneThrows) {
  const auto start = at("2024-01-01T09:00:00Z");
  EXPECT_THROW(expand(rule("FREQ=DAILY"), start, start, "Mars/Olympus_Mons", kEver, kNever),
               std::invalid_argument);
}

TEST(Expand, EmptyZoneMeansUtc) {
  const auto start = at("2024-03-30T09:00:00Z");
  const auto got = expand(rule("FREQ=DAILY;COUNT=2"), start, start, "", kEver, kNever);
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-03-30T09:00:00Z", "2024-03-31T09:00:00Z"}));
}

// ---- expand: windows and bounds ----------------------------------------------------------

TEST(Expand, WindowKeepsOccurrencesThatOverlapIt) {
  const auto start = at("2024-01-01T09:00:00Z");
  const auto daily = rule("FREQ=DAILY");
  // Jan 3 09:00-10:00 overlaps a window opening at 09:30; Jan 5 starts exactly at its end.
  auto got = expand(daily, start, start + hours{1}, "UTC", at("2024-01-03T09:30:00Z"),
                    at("2024-01-05T09:00:00Z"));
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-01-03T09:00:00Z", "2024-01-04T09:00:00Z"}));
  // An occurrence that ends exactly when the window opens does not overlap it.
  got = expand(daily, start, start + hours{1}, "UTC", at("2024-01-03T10:00:00Z"),
               at("2024-01-04T12:00:00Z"));
  EXPECT_EQ(starts(got), std::vector<std::string>{"2024-01-04T09:00:00Z"});
}

TEST(Expand, ZeroLengthOccurrenceOverlapsWhenItStartsInTheWindow) {
  const auto start = at("2024-01-01T09:00:00Z");
  const auto got = expand(rule("FREQ=DAILY"), start, start, "UTC", at("2024-01-02T09:00:00Z"),
                          at("2024-01-03T09:00:00Z"));
  EXPECT_EQ(starts(got), std::vector<std::string>{"2024-01-02T09:00:00Z"});
}

TEST(Expand, CountIsCountedFromDtstartNotFromTheWindow) {
  const auto start = at("2024-01-01T09:00:00Z");
  const auto got = expand(rule("FREQ=DAILY;COUNT=5"), start, start + hours{1}, "UTC",
                          at("2024-01-04T00:00:00Z"), kNever);
  EXPECT_EQ(starts(got),
            (std::vector<std::string>{"2024-01-04T09:00:00Z", "2024-01-05T09:00:00Z"}));
}

TEST(Expand, EmptyOrInvertedWindowYieldsNothing) {
  const auto start = at("2024-01-01T09:00:00Z");
  EXPECT_TRUE(expand(rule("FREQ=DAILY"), start, start, "UTC", kNever, kEver).empty());
  EXPECT_TRUE(expand(rule("FREQ=DAILY"), start, start, "UTC", kEver, kEver).empty());
  EXPECT_TRUE(
      expand(rule("FREQ=DAILY;COUNT=3"), start, start, "UTC", at("2024-02-01T00:00:00Z"), kNever)
          .empty());
}

TEST(Expand, MaxBoundsTheResult) {
  const auto start = at("2024-01-01T09:00:00Z");
  const auto got = expand(rule("FREQ=DAILY"), start, start, "UTC", kEver, kNever, 10);
  ASSERT_EQ(got.size(), 10u);
  EXPECT_EQ(got.front().start, start);
  EXPECT_EQ(got.back().start, at("2024-01-10T09:00:00Z"));
  EXPECT_TRUE(expand(rule("FREQ=DAILY"), start, start, "UTC", kEver, kNever, 0).empty());
  EXPECT_EQ(expand(rule("FREQ=DAILY"), start, start, "UTC", kEver, kNever).size(), 1000u);
}

TEST(Expand, RuleThatNeverMatchesAgainStops) {
  // Every 7th day from a Monday is always a Monday, never a Tuesday: only DTSTART occurs, and
  // the walk must give up instead of running to the end of time.
  const auto start = at("2024-01-01T09:00:00Z");
  const auto got =
      expand(rule("FREQ=DAILY;INTERVAL=7;BYDAY=TU"), start, start, "UTC", kEver, kNever);
  EXPECT_EQ(starts(got), std::vector<std::string>{"2024-01-01T09:00:00Z"});
}

TEST(Expand, DailyTenYearsLater) {
  const auto start = at("2010-01-01T09:00:00Z");
  const auto got = expand(rule("FREQ=DAILY"), start, start + hours{1}, "Europe/London",
                          at("2020-06-01T00:00:00Z"), at("2020-06-04T00:00:00Z"));
  // London is on BST in June: 09:00 local is 08:00Z.
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2020-06-01T08:00:00Z", "2020-06-02T08:00:00Z",
                                                   "2020-06-03T08:00:00Z"}));
}

TEST(Expand, DailyCountEndsExactlyYearsLater) {
  // The 3650th occurrence of a daily rule from 2010-01-01 is on 2019-12-29.
  const auto start = at("2010-01-01T09:00:00Z");
  const auto got = expand(rule("FREQ=DAILY;COUNT=3650"), start, start, "UTC",
                          at("2019-12-27T00:00:00Z"), at("2020-01-10T00:00:00Z"));
  EXPECT_EQ(starts(got), (std::vector<std::string>{"2019-12-27T09:00:00Z", "2019-12-28T09:00:00Z",
                                                   "2019-12-29T09:00:00Z"}));
}

TEST(Expand, LateWindowMatchesTheFullExpansion) {
  // Whatever shortcut expansion takes for a late window, it must agree with walking from DTSTART.
  const auto start = at("2012-02-29T10:15:00Z");
  const auto from = at("2022-01-01T00:00:00Z");
  const auto to = at("2022-09-01T00:00:00Z");
  for (const char* text :
       {"FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;COUNT=3700", "FREQ=DAILY;BYDAY=SA,SU",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE,SU", "FREQ=WEEKLY;COUNT=600", "FREQ=MONTHLY;INTERVAL=7",
        "FREQ=MONTHLY;BYDAY=-1FR,2TU", "FREQ=MONTHLY;COUNT=125"}) {
    const auto r = rule(text);
    for (const char* tz : {"UTC", "Europe/London", "Pacific/Auckland"}) {
      const auto all = expand(r, start, start + hours{2}, tz, kEver, kNever, 100'000);
      std::vector<Occurrence> expected;
      for (const auto& o : all) {
        if (o.start < to && o.end > from) expected.push_back(o);
      }
      const auto got = expand(r, start, start + hours{2}, tz, from, to);
      EXPECT_FALSE(expected.empty()) << text << " " << tz;
      EXPECT_EQ(starts(got), starts(expected)) << text << " " << tz;
    }
  }
}

TEST(Expand, MultiDayOccurrencesStartingBeforeTheWindowAreKept) {
  const auto start = at("2015-01-01T00:00:00Z");
  const auto got = expand(rule("FREQ=WEEKLY"), start, start + hours{24 * 3}, "UTC",
                          at("2024-01-06T12:00:00Z"), at("2024-01-07T00:00:00Z"));
  // 2024-01-04 is a Thursday like 2015-01-01; that occurrence runs until 2024-01-07.
  EXPECT_EQ(starts(got), std::vector<std::string>{"2024-01-04T00:00:00Z"});
}

}  // namespace
}  // namespace convonet::productivity
