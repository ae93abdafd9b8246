#include "assistant/time/resolver.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace convonet::assistant::time {
namespace {

using namespace std::chrono;

// "2026-06-17 10:30" in tz -> UTC.
Timestamp at_local(const std::string& tz, const std::string& text) {
  std::istringstream in(text);
  date::local_seconds local;
  in >> date::parse("%F %R", local);
  EXPECT_FALSE(in.fail()) << text;
  return date::locate_zone(tz)->to_sys(local, date::choose::earliest);
}

std::string local_text(const std::string& tz, Timestamp t) {
  return date::format("%F %R", date::locate_zone(tz)->to_local(t));
}

struct Case {
  const char* text;
  const char* start;  // local "YYYY-MM-DD HH:MM"
  const char* end;    // local, or "" for no end
  Grain grain;
  const char* rrule = "";
};

void expect_cases(const std::string& tz, const std::string& now_local,
                  const std::vector<Case>& cases, ResolveOptions options = {}) {
  const Timestamp now = at_local(tz, now_local);
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string("\"") + c.text + "\" at " + now_local + " " + tz);
    const auto e = resolve(c.text, now, tz, options);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(local_text(tz, e->start), c.start);
    EXPECT_EQ(e->end ? local_text(tz, *e->end) : "", c.end);
    EXPECT_EQ(grain_name(e->grain), grain_name(c.grain));
    EXPECT_EQ(e->rrule, c.rrule);
  }
}

constexpr const char* kLondon = "Europe/London";
constexpr const char* kNewYork = "America/New_York";
constexpr const char* kKolkata = "Asia/Kolkata";
// A Wednesday morning.
constexpr const char* kWednesday = "2026-06-17 10:30";

TEST(Resolve, DaysWeekdaysAndDates) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"today", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day},
          {"tomorrow", "2026-06-18 00:00", "2026-06-19 00:00", Grain::day},
          {"yesterday", "2026-06-16 00:00", "2026-06-17 00:00", Grain::day},
          {"the day after tomorrow", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day},
          {"friday", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day},
          {"this friday", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day},
          {"on friday", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day},
          {"wednesday", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day},
          {"monday", "2026-06-22 00:00", "2026-06-23 00:00", Grain::day},
          {"next friday", "2026-06-26 00:00", "2026-06-27 00:00", Grain::day},
          {"next monday", "2026-06-22 00:00", "2026-06-23 00:00", Grain::day},
          {"last friday", "2026-06-12 00:00", "2026-06-13 00:00", Grain::day},
          {"friday next week", "2026-06-26 00:00", "2026-06-27 00:00", Grain::day},
          {"monday this week", "2026-06-15 00:00", "2026-06-16 00:00", Grain::day},
          {"next week on friday", "2026-06-26 00:00", "2026-06-27 00:00", Grain::day},
          {"the 3rd of December", "2026-12-03 00:00", "2026-12-04 00:00", Grain::day},
          {"Dec 3", "2026-12-03 00:00", "2026-12-04 00:00", Grain::day},
          {"december 3rd", "2026-12-03 00:00", "2026-12-04 00:00", Grain::day},
          {"3 december", "2026-12-03 00:00", "2026-12-04 00:00", Grain::day},
          {"december the twenty third", "2026-12-23 00:00", "2026-12-24 00:00", Grain::day},
          {"june 1 2027", "2027-06-01 00:00", "2027-06-02 00:00", Grain::day},
          {"december 3rd, 2027", "2027-12-03 00:00", "2027-12-04 00:00", Grain::day},
          {"2026-12-03", "2026-12-03 00:00", "2026-12-04 00:00", Grain::day},
          // A date already over this year is next year's.
          {"march 3rd", "2027-03-03 00:00", "2027-03-04 00:00", Grain::day},
          {"the 17th of june", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day},
          {"on the 3rd", "2026-07-03 00:00", "2026-07-04 00:00", Grain::day},
          {"on the 20th", "2026-06-20 00:00", "2026-06-21 00:00", Grain::day},
          {"the 3rd of next month", "2026-07-03 00:00", "2026-07-04 00:00", Grain::day},
          {"friday the 13th", "2026-11-13 00:00", "2026-11-14 00:00", Grain::day},
          {"february 29", "2028-02-29 00:00", "2028-03-01 00:00", Grain::day},
          {"end of the month", "2026-06-30 00:00", "2026-07-01 00:00", Grain::day},
          {"by the end of next month", "2026-07-31 00:00", "2026-08-01 00:00", Grain::day},
          {"end of the week", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day},
          {"end of the year", "2026-12-31 00:00", "2027-01-01 00:00", Grain::day},
          {"beginning of next month", "2026-07-01 00:00", "2026-07-02 00:00", Grain::day},
      });
}

TEST(Resolve, Spans) {
  expect_cases(kLondon, kWednesday,
               {
                   {"next week", "2026-06-22 00:00", "2026-06-29 00:00", Grain::week},
                   {"this week", "2026-06-15 00:00", "2026-06-22 00:00", Grain::week},
                   {"last week", "2026-06-08 00:00", "2026-06-15 00:00", Grain::week},
                   {"this month", "2026-06-01 00:00", "2026-07-01 00:00", Grain::month},
                   {"next month", "2026-07-01 00:00", "2026-08-01 00:00", Grain::month},
                   {"in december", "2026-12-01 00:00", "2027-01-01 00:00", Grain::month},
                   {"in march", "2027-03-01 00:00", "2027-04-01 00:00", Grain::month},
                   {"this weekend", "2026-06-20 00:00", "2026-06-22 00:00", Grain::day},
                   {"next weekend", "2026-06-27 00:00", "2026-06-29 00:00", Grain::day},
                   {"over the weekend", "2026-06-20 00:00", "2026-06-22 00:00", Grain::day},
                   {"from monday to wednesday", "2026-06-22 00:00", "2026-06-25 00:00", Grain::day},
                   {"from friday to monday", "2026-06-19 00:00", "2026-06-23 00:00", Grain::day},
               });
}

TEST(Resolve, ClockTimes) {
  // At 10:30: 8..11 without am/pm roll to pm once the am time has passed; 1..7 are pm.
  expect_cases(kLondon, kWednesday,
               {
                   {"3pm", "2026-06-17 15:00", "", Grain::minute},
                   {"3 pm", "2026-06-17 15:00", "", Grain::minute},
                   {"3 p.m.", "2026-06-17 15:00", "", Grain::minute},
                   {"3 p m", "2026-06-17 15:00", "", Grain::minute},
                   {"15:30", "2026-06-17 15:30", "", Grain::minute},
                   {"2:30 pm", "2026-06-17 14:30", "", Grain::minute},
                   {"at 11:45", "2026-06-17 11:45", "", Grain::minute},
                   {"at 09:00", "2026-06-18 09:00", "", Grain::minute},
                   {"at 1430", "2026-06-17 14:30", "", Grain::minute},
                   {"at 3", "2026-06-17 15:00", "", Grain::minute},
                   {"at 11", "2026-06-17 11:00", "", Grain::minute},
                   {"at 9", "2026-06-17 21:00", "", Grain::minute},
                   {"at 9 am", "2026-06-18 09:00", "", Grain::minute},
                   {"at 7 o'clock", "2026-06-17 19:00", "", Grain::minute},
                   // A deadline's clock time: "be home by seven", "done by 5".
                   {"by seven", "2026-06-17 19:00", "", Grain::minute},
                   {"by 5", "2026-06-17 17:00", "", Grain::minute},
                   {"seven o clock", "2026-06-17 19:00", "", Grain::minute},
                   {"at noon", "2026-06-17 12:00", "", Grain::minute},
                   {"noon", "2026-06-17 12:00", "", Grain::minute},
                   {"at twelve noon", "2026-06-17 12:00", "", Grain::minute},
                   {"midnight", "2026-06-18 00:00", "", Grain::minute},
                   {"tomorrow at midnight", "2026-06-19 00:00", "", Grain::minute},
                   {"half past three", "2026-06-17 15:30", "", Grain::minute},
                   {"quarter past 10", "2026-06-17 22:15", "", Grain::minute},
                   {"quarter past 11", "2026-06-17 11:15", "", Grain::minute},
                   {"quarter to five", "2026-06-17 16:45", "", Grain::minute},
                   {"a quarter to five", "2026-06-17 16:45", "", Grain::minute},
                   {"quarter of five", "2026-06-17 16:45", "", Grain::minute},
                   {"twenty past nine", "2026-06-17 21:20", "", Grain::minute},
                   {"twenty five to three", "2026-06-17 14:35", "", Grain::minute},
                   {"10 to 6", "2026-06-17 17:50", "", Grain::minute},
                   {"five minutes past 2", "2026-06-17 14:05", "", Grain::minute},
                   {"quarter to one", "2026-06-17 12:45", "", Grain::minute},
                   {"quarter to midnight", "2026-06-17 23:45", "", Grain::minute},
                   {"at half three", "2026-06-17 15:30", "", Grain::minute},
                   {"tomorrow at 2 pm", "2026-06-18 14:00", "", Grain::minute},
                   {"tomorrow at 9", "2026-06-18 09:00", "", Grain::minute},
                   {"today at 9", "2026-06-17 21:00", "", Grain::minute},
                   {"at 3:30 pm tomorrow", "2026-06-18 15:30", "", Grain::minute},
                   {"noon tomorrow", "2026-06-18 12:00", "", Grain::minute},
                   {"friday at 3", "2026-06-19 15:00", "", Grain::minute},
                   {"at 3 pm on friday", "2026-06-19 15:00", "", Grain::minute},
                   {"dec 3 at 5pm", "2026-12-03 17:00", "", Grain::minute},
                   {"in 3 days at 5pm", "2026-06-20 17:00", "", Grain::minute},
                   {"yesterday at 5pm", "2026-06-16 17:00", "", Grain::minute},
                   // Said on a Wednesday after 09:00: next week's.
                   {"wednesday at 9 am", "2026-06-24 09:00", "", Grain::minute},
                   {"wednesday at 11 am", "2026-06-17 11:00", "", Grain::minute},
               });
}

TEST(Resolve, PartsOfDay) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"tonight", "2026-06-17 20:00", "2026-06-18 00:00", Grain::hour},
          {"tonight at 8", "2026-06-17 20:00", "", Grain::minute},
          {"at 9 tonight", "2026-06-17 21:00", "", Grain::minute},
          {"tonight at 12", "2026-06-18 00:00", "", Grain::minute},
          {"tonight at 1", "2026-06-18 01:00", "", Grain::minute},
          {"tomorrow morning", "2026-06-18 09:00", "2026-06-18 12:00", Grain::hour},
          {"tomorrow afternoon", "2026-06-18 12:00", "2026-06-18 17:00", Grain::hour},
          {"tomorrow evening", "2026-06-18 18:00", "2026-06-18 21:00", Grain::hour},
          {"friday night", "2026-06-19 21:00", "2026-06-20 00:00", Grain::hour},
          {"next friday afternoon", "2026-06-26 12:00", "2026-06-26 17:00", Grain::hour},
          {"tomorrow evening at 7", "2026-06-18 19:00", "", Grain::minute},
          {"tomorrow morning at 9", "2026-06-18 09:00", "", Grain::minute},
          {"3 in the afternoon", "2026-06-17 15:00", "", Grain::minute},
          {"7 in the morning", "2026-06-18 07:00", "", Grain::minute},
          {"this morning", "2026-06-17 09:00", "2026-06-17 12:00", Grain::hour},
          {"in the morning", "2026-06-17 09:00", "2026-06-17 12:00", Grain::hour},
          {"this evening", "2026-06-17 18:00", "2026-06-17 21:00", Grain::hour},
          {"at night", "2026-06-17 21:00", "2026-06-18 00:00", Grain::hour},
          // The part word names an occasion; only the day is a time.
          {"parents evening next tuesday", "2026-06-23 00:00", "2026-06-24 00:00", Grain::day},
      });
  // Once the morning is over, "in the morning" means tomorrow's and "this morning" stays.
  expect_cases(kLondon, "2026-06-17 13:00",
               {
                   {"in the morning", "2026-06-18 09:00", "2026-06-18 12:00", Grain::hour},
                   {"this morning", "2026-06-17 09:00", "2026-06-17 12:00", Grain::hour},
               });
}

TEST(Resolve, RelativeOffsets) {
  expect_cases(kLondon, kWednesday,
               {
                   {"in 20 minutes", "2026-06-17 10:50", "", Grain::minute},
                   {"in twenty minutes", "2026-06-17 10:50", "", Grain::minute},
                   {"in two hours", "2026-06-17 12:30", "", Grain::minute},
                   {"in an hour", "2026-06-17 11:30", "", Grain::minute},
                   {"in half an hour", "2026-06-17 11:00", "", Grain::minute},
                   {"in a quarter of an hour", "2026-06-17 10:45", "", Grain::minute},
                   {"in an hour and a half", "2026-06-17 12:00", "", Grain::minute},
                   {"in two and a half hours", "2026-06-17 13:00", "", Grain::minute},
                   {"in a couple of hours", "2026-06-17 12:30", "", Grain::minute},
                   {"in 90 mins", "2026-06-17 12:00", "", Grain::minute},
                   {"45 minutes from now", "2026-06-17 11:15", "", Grain::minute},
                   {"five minutes ago", "2026-06-17 10:25", "", Grain::minute},
                   {"in 3 days", "2026-06-20 00:00", "2026-06-21 00:00", Grain::day},
                   {"in a week", "2026-06-24 00:00", "2026-06-25 00:00", Grain::day},
                   {"in two weeks", "2026-07-01 00:00", "2026-07-02 00:00", Grain::day},
                   {"in a month", "2026-07-17 00:00", "2026-07-18 00:00", Grain::day},
                   {"in a year", "2027-06-17 00:00", "2027-06-18 00:00", Grain::day},
               });
}

TEST(Resolve, RangesAndDurations) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"from 2 to 4 pm", "2026-06-17 14:00", "2026-06-17 16:00", Grain::minute},
          {"from two to four pm", "2026-06-17 14:00", "2026-06-17 16:00", Grain::minute},
          {"between 3 and 5", "2026-06-17 15:00", "2026-06-17 17:00", Grain::minute},
          {"2-4pm", "2026-06-17 14:00", "2026-06-17 16:00", Grain::minute},
          {"2pm to 4pm", "2026-06-17 14:00", "2026-06-17 16:00", Grain::minute},
          {"2:30 to 3", "2026-06-17 14:30", "2026-06-17 15:00", Grain::minute},
          {"from 11 to 1 pm", "2026-06-17 11:00", "2026-06-17 13:00", Grain::minute},
          {"from 9 to 5 tomorrow", "2026-06-18 09:00", "2026-06-18 17:00", Grain::minute},
          {"tomorrow from 9 am to 5 pm", "2026-06-18 09:00", "2026-06-18 17:00", Grain::minute},
          {"from 10 pm to 2 am", "2026-06-17 22:00", "2026-06-18 02:00", Grain::minute},
          {"from 10 am to 2", "2026-06-18 10:00", "2026-06-18 14:00", Grain::minute},
          {"friday from 10 to 6", "2026-06-19 10:00", "2026-06-19 18:00", Grain::minute},
          {"for 45 minutes", "2026-06-17 10:30", "2026-06-17 11:15", Grain::minute},
          {"tomorrow at 3 for 45 minutes", "2026-06-18 15:00", "2026-06-18 15:45", Grain::minute},
          {"at 4 for an hour", "2026-06-17 16:00", "2026-06-17 17:00", Grain::minute},
          {"at 4 for half an hour", "2026-06-17 16:00", "2026-06-17 16:30", Grain::minute},
          {"at 4 for 2 hours", "2026-06-17 16:00", "2026-06-17 18:00", Grain::minute},
      });
  const auto e = resolve("at 4 for an hour and a half", at_local(kLondon, kWednesday), kLondon);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->duration, minutes{90});
  EXPECT_EQ(resolve("tomorrow", at_local(kLondon, kWednesday), kLondon)->duration, std::nullopt);
  // A day of the month said to be the one, or a deadline; a routine named by its part of day.
  const Timestamp now = at_local(kLondon, kWednesday);
  EXPECT_EQ(
      local_text(kLondon, resolve("parents evening is the twenty first", now, kLondon)->start),
      "2026-06-21 00:00");
  EXPECT_EQ(local_text(kLondon, resolve("cancel it before the fifth", now, kLondon)->start),
            "2026-07-05 00:00");
  EXPECT_FALSE(resolve("which is the second one", now, kLondon).has_value());
  EXPECT_FALSE(resolve("add morning run to my todos", now, kLondon).has_value());
  EXPECT_TRUE(resolve("tomorrow morning run", now, kLondon).has_value());
  // ... but how long a recurrence runs is no duration of each occurrence.
  EXPECT_EQ(resolve("every monday for six weeks", at_local(kLondon, kWednesday), kLondon)->duration,
            std::nullopt);
}

TEST(Resolve, Recurrence) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"daily", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day, "FREQ=DAILY"},
          {"every day", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day, "FREQ=DAILY"},
          {"every day at 7am", "2026-06-18 07:00", "", Grain::minute, "FREQ=DAILY"},
          {"every day at 11", "2026-06-17 11:00", "", Grain::minute, "FREQ=DAILY"},
          {"every weekday", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day,
           "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
          {"every weekday at nine thirty", "2026-06-18 09:30", "", Grain::minute,
           "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
          {"every weekend", "2026-06-20 00:00", "2026-06-21 00:00", Grain::day,
           "FREQ=WEEKLY;BYDAY=SA,SU"},
          {"every monday at 9", "2026-06-22 09:00", "", Grain::minute, "FREQ=WEEKLY;BYDAY=MO"},
          {"every monday and thursday at 10", "2026-06-18 10:00", "", Grain::minute,
           "FREQ=WEEKLY;BYDAY=MO,TH"},
          {"on tuesdays", "2026-06-23 00:00", "2026-06-24 00:00", Grain::day,
           "FREQ=WEEKLY;BYDAY=TU"},
          {"every other week", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day,
           "FREQ=WEEKLY;INTERVAL=2"},
          {"every other monday", "2026-06-22 00:00", "2026-06-23 00:00", Grain::day,
           "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"},
          {"every 2 weeks on friday", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day,
           "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"},
          {"every three days", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day,
           "FREQ=DAILY;INTERVAL=3"},
          // A span of days or more said after the recurrence ends it (the last second inside).
          {"every monday at 9 for six weeks", "2026-06-22 09:00", "", Grain::minute,
           "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260803T075959Z"},
          {"every day at 7am for the next two weeks", "2026-06-18 07:00", "", Grain::minute,
           "FREQ=DAILY;UNTIL=20260702T055959Z"},
          {"weekly", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day, "FREQ=WEEKLY"},
          {"biweekly", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day,
           "FREQ=WEEKLY;INTERVAL=2"},
          // A bare frequency said first takes the days said after it.
          {"weekly standup on mondays at 9", "2026-06-22 09:00", "", Grain::minute,
           "FREQ=WEEKLY;BYDAY=MO"},
          {"fortnightly 1:1 every thursday at 3", "2026-06-18 15:00", "", Grain::minute,
           "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"},
          {"monthly review on the first of every month", "2026-07-01 00:00", "2026-07-02 00:00",
           Grain::day, "FREQ=MONTHLY;BYMONTHDAY=1"},
          {"monthly", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day, "FREQ=MONTHLY"},
          {"yearly", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day, "FREQ=YEARLY"},
          {"every month on the 1st", "2026-07-01 00:00", "2026-07-02 00:00", Grain::day,
           "FREQ=MONTHLY;BYMONTHDAY=1"},
          {"every 15th of the month", "2026-07-15 00:00", "2026-07-16 00:00", Grain::day,
           "FREQ=MONTHLY;BYMONTHDAY=15"},
          {"every first of the month", "2026-07-01 00:00", "2026-07-02 00:00", Grain::day,
           "FREQ=MONTHLY;BYMONTHDAY=1"},
          // The first morning not yet over is today's.
          {"every morning", "2026-06-17 09:00", "2026-06-17 12:00", Grain::hour, "FREQ=DAILY"},
          {"every night at 10", "2026-06-17 22:00", "", Grain::minute, "FREQ=DAILY"},
      });
}

TEST(Resolve, SpokenStyle) {
  // Lower case, no punctuation, numbers as words, as speech recognition writes them.
  expect_cases(
      kLondon, kWednesday,
      {
          {"remind me tomorrow at two thirty pm", "2026-06-18 14:30", "", Grain::minute},
          {"meet at quarter to five", "2026-06-17 16:45", "", Grain::minute},
          {"call him at twenty past nine tomorrow", "2026-06-18 09:20", "", Grain::minute},
          {"on the twenty third", "2026-06-23 00:00", "2026-06-24 00:00", Grain::day},
          {"the twenty third of june", "2026-06-23 00:00", "2026-06-24 00:00", Grain::day},
          {"the thirty first of december", "2026-12-31 00:00", "2027-01-01 00:00", Grain::day},
          {"the first of july", "2026-07-01 00:00", "2026-07-02 00:00", Grain::day},
          {"ten oh five pm", "2026-06-17 22:05", "", Grain::minute},
          {"nine fifteen tomorrow", "2026-06-18 09:15", "", Grain::minute},
          {"seven forty five in the morning", "2026-06-18 07:45", "", Grain::minute},
          {"at fifty nine past eleven", "2026-06-17 11:59", "", Grain::minute},
          {"at three thirty", "2026-06-17 15:30", "", Grain::minute},
          {"at 3 30", "2026-06-17 15:30", "", Grain::minute},
          {"in forty five minutes", "2026-06-17 11:15", "", Grain::minute},
          {"TOMORROW AT 2 PM", "2026-06-18 14:00", "", Grain::minute},
          {"Tomorrow, at 2pm.", "2026-06-18 14:00", "", Grain::minute},
          {"twenty-three minutes from now", "2026-06-17 10:53", "", Grain::minute},
          {"create a reminder to follow up with john tomorrow at 2 pm", "2026-06-18 14:00", "",
           Grain::minute},
          {"what's on my calendar next friday afternoon", "2026-06-26 12:00", "2026-06-26 17:00",
           Grain::hour},
          {"schedule a meeting with the design team next tuesday at 10 am for an hour",
           "2026-06-23 10:00", "2026-06-23 11:00", Grain::minute},
          {"book a table for two people at seven thirty", "2026-06-17 19:30", "", Grain::minute},
          {"lunch with sam on friday at noon", "2026-06-19 12:00", "", Grain::minute},
          {"stand up every weekday at nine thirty", "2026-06-18 09:30", "", Grain::minute,
           "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
      });
}

TEST(Resolve, PreferFutureRollsToTomorrow) {
  // At 16:00 "at 3" has passed today: the next 3 o'clock people mean is 15:00 tomorrow.
  expect_cases(
      kNewYork, "2026-06-17 16:00",
      {
          {"at 3", "2026-06-18 15:00", "", Grain::minute},
          {"at 9", "2026-06-17 21:00", "", Grain::minute},
          {"at 10 pm", "2026-06-17 22:00", "", Grain::minute},
          {"at 2 pm", "2026-06-18 14:00", "", Grain::minute},
          {"at 14:30", "2026-06-18 14:30", "", Grain::minute},
          {"at 12", "2026-06-18 12:00", "", Grain::minute},
          {"between two and four pm", "2026-06-18 14:00", "2026-06-18 16:00", Grain::minute},
          {"today at 2 pm", "2026-06-17 14:00", "", Grain::minute},
      });
  expect_cases(kNewYork, "2026-06-17 22:30",
               {
                   {"at 9", "2026-06-18 09:00", "", Grain::minute},
                   {"in the evening", "2026-06-18 18:00", "2026-06-18 21:00", Grain::hour},
               });
}

TEST(Resolve, PreferFutureOff) {
  ResolveOptions past_ok;
  past_ok.prefer_future = false;
  expect_cases(kNewYork, "2026-06-17 16:00",
               {
                   {"at 3", "2026-06-17 15:00", "", Grain::minute},
                   {"at 9", "2026-06-17 09:00", "", Grain::minute},
                   {"monday", "2026-06-15 00:00", "2026-06-16 00:00", Grain::day},
                   {"march 3", "2026-03-03 00:00", "2026-03-04 00:00", Grain::day},
                   {"on the 1st", "2026-06-01 00:00", "2026-06-02 00:00", Grain::day},
               },
               past_ok);
}

TEST(Resolve, NextWeekdaySaidOnEachDay) {
  // Week of Monday 2026-06-15. "next friday" is always the Friday of the following week;
  // "friday" is the coming one (today included); "last friday" the latest before today.
  struct Row {
    const char* now;
    const char* next_friday;
    const char* friday;
    const char* last_friday;
  };
  const std::vector<Row> rows = {
      {"2026-06-15 10:00", "2026-06-26 00:00", "2026-06-19 00:00", "2026-06-12 00:00"},
      {"2026-06-16 10:00", "2026-06-26 00:00", "2026-06-19 00:00", "2026-06-12 00:00"},
      {"2026-06-17 10:00", "2026-06-26 00:00", "2026-06-19 00:00", "2026-06-12 00:00"},
      {"2026-06-18 10:00", "2026-06-26 00:00", "2026-06-19 00:00", "2026-06-12 00:00"},
      {"2026-06-19 10:00", "2026-06-26 00:00", "2026-06-19 00:00", "2026-06-12 00:00"},
      {"2026-06-20 10:00", "2026-06-26 00:00", "2026-06-26 00:00", "2026-06-19 00:00"},
      {"2026-06-21 10:00", "2026-06-26 00:00", "2026-06-26 00:00", "2026-06-19 00:00"},
  };
  for (const Row& row : rows) {
    const Timestamp now = at_local(kKolkata, row.now);
    for (const auto& [text, expected] :
         std::vector<std::pair<const char*, const char*>>{{"next friday", row.next_friday},
                                                          {"friday", row.friday},
                                                          {"last friday", row.last_friday}}) {
      SCOPED_TRACE(std::string(text) + " said " + row.now);
      const auto e = resolve(text, now, kKolkata);
      ASSERT_TRUE(e);
      EXPECT_EQ(local_text(kKolkata, e->start), expected);
      EXPECT_EQ(e->grain, Grain::day);
    }
  }
  // Said on Friday after the time: this week's has passed, so next week's.
  const auto late = resolve("friday at 9 am", at_local(kKolkata, "2026-06-19 10:00"), kKolkata);
  ASSERT_TRUE(late);
  EXPECT_EQ(local_text(kKolkata, late->start), "2026-06-26 09:00");
}

TEST(Resolve, MonthAndYearRollovers) {
  expect_cases(kKolkata, "2026-12-31 22:00",
               {
                   {"tomorrow", "2027-01-01 00:00", "2027-01-02 00:00", Grain::day},
                   {"tomorrow at 9", "2027-01-01 09:00", "", Grain::minute},
                   {"in 2 hours", "2027-01-01 00:00", "", Grain::minute},
                   {"next month", "2027-01-01 00:00", "2027-02-01 00:00", Grain::month},
                   {"next week", "2027-01-04 00:00", "2027-01-11 00:00", Grain::week},
                   {"end of the month", "2026-12-31 00:00", "2027-01-01 00:00", Grain::day},
                   {"dec 3", "2027-12-03 00:00", "2027-12-04 00:00", Grain::day},
                   {"the 3rd of january", "2027-01-03 00:00", "2027-01-04 00:00", Grain::day},
                   {"on the 1st", "2027-01-01 00:00", "2027-01-02 00:00", Grain::day},
                   {"at 9", "2027-01-01 09:00", "", Grain::minute},
                   {"monthly", "2026-12-31 00:00", "2027-01-01 00:00", Grain::day, "FREQ=MONTHLY"},
               });
  expect_cases(kKolkata, "2026-01-31 12:00",
               {
                   {"in a month", "2026-02-28 00:00", "2026-03-01 00:00", Grain::day},
                   {"end of next month", "2026-02-28 00:00", "2026-03-01 00:00", Grain::day},
                   {"every month on the 31st", "2026-01-31 00:00", "2026-02-01 00:00", Grain::day,
                    "FREQ=MONTHLY;BYMONTHDAY=31"},
               });
  // The 31st said in a month without one (or once past) is the next month that has it.
  expect_cases(kKolkata, "2026-04-05 12:00",
               {{"on the 31st", "2026-05-31 00:00", "2026-06-01 00:00", Grain::day}});
}

TEST(Resolve, DaylightSavingTransitions) {
  // Europe/London springs forward on 2026-03-29 at 01:00 GMT.
  const Timestamp saturday = at_local(kLondon, "2026-03-28 10:00");
  const auto nine = resolve("tomorrow at 9", saturday, kLondon);
  ASSERT_TRUE(nine);
  EXPECT_EQ(format_rfc3339(nine->start), "2026-03-29T08:00:00Z");  // 09:00 BST
  const auto sunday = resolve("tomorrow", saturday, kLondon);
  ASSERT_TRUE(sunday && sunday->end);
  EXPECT_EQ(format_rfc3339(sunday->start), "2026-03-29T00:00:00Z");
  EXPECT_EQ(*sunday->end - sunday->start, hours{23});
  // 01:30 does not exist that night: it moves forward by the gap to 02:30 BST.
  const auto gap = resolve("tomorrow at 1:30 am", saturday, kLondon);
  ASSERT_TRUE(gap);
  EXPECT_EQ(format_rfc3339(gap->start), "2026-03-29T01:30:00Z");
  // "in 24 hours" is an exact duration, not the same wall-clock time.
  const auto later = resolve("in 24 hours", saturday, kLondon);
  ASSERT_TRUE(later);
  EXPECT_EQ(local_text(kLondon, later->start), "2026-03-29 11:00");

  // Falls back on 2026-10-25: that day has 25 hours and 01:30 happens twice (earlier wins).
  const Timestamp october = at_local(kLondon, "2026-10-24 10:00");
  const auto long_day = resolve("tomorrow", october, kLondon);
  ASSERT_TRUE(long_day && long_day->end);
  EXPECT_EQ(*long_day->end - long_day->start, hours{25});
  const auto twice = resolve("tomorrow at 1:30 am", october, kLondon);
  ASSERT_TRUE(twice);
  EXPECT_EQ(format_rfc3339(twice->start), "2026-10-25T00:30:00Z");  // 01:30 BST

  // America/New_York springs forward on Sunday 2026-03-08 at 02:00 EST.
  const Timestamp ny_saturday = at_local(kNewYork, "2026-03-07 12:00");
  const auto ny = resolve("tomorrow at 9", ny_saturday, kNewYork);
  ASSERT_TRUE(ny);
  EXPECT_EQ(format_rfc3339(ny->start), "2026-03-08T13:00:00Z");  // 09:00 EDT
  const auto ny_gap = resolve("tomorrow at 2:30 am", ny_saturday, kNewYork);
  ASSERT_TRUE(ny_gap);
  EXPECT_EQ(format_rfc3339(ny_gap->start), "2026-03-08T07:30:00Z");  // 03:30 EDT
  const auto ny_monday = resolve("monday at 9", ny_saturday, kNewYork);
  ASSERT_TRUE(ny_monday);
  EXPECT_EQ(format_rfc3339(ny_monday->start), "2026-03-09T13:00:00Z");
  // Kolkata has no DST and a half-hour offset.
  const auto india = resolve("tomorrow at 9", at_local(kKolkata, "2026-03-28 10:00"), kKolkata);
  ASSERT_TRUE(india);
  EXPECT_EQ(format_rfc3339(india->start), "2026-03-29T03:30:00Z");
}

// Rules added on 2026-11-27 (docs/benchmarks.md, "Language understanding").
TEST(Resolve, PossessiveDaysAndBarePartsOfDay) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"tomorrow's meeting", "2026-06-18 00:00", "2026-06-19 00:00", Grain::day},
          {"cancel friday's lunch", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day},
          {"today's schedule", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day},
          {"this evening's match", "2026-06-17 18:00", "2026-06-17 21:00", Grain::hour},
          {"set an event for the evening", "2026-06-17 18:00", "2026-06-17 21:00", Grain::hour},
          {"what does my afternoon look like", "2026-06-17 12:00", "2026-06-17 17:00", Grain::hour},
          {"meeting at evening", "2026-06-17 18:00", "2026-06-17 21:00", Grain::hour},
          {"my morning", "2026-06-17 09:00", "2026-06-17 12:00", Grain::hour},
      });
  // A bare part that is over means the next one, like "in the morning".
  expect_cases(kLondon, "2026-06-17 13:00",
               {{"my morning", "2026-06-18 09:00", "2026-06-18 12:00", Grain::hour}});
}

TEST(Resolve, DayAndTimeSaidApartAreJoined) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"on friday remind me to call bob at 5 pm", "2026-06-19 17:00", "", Grain::minute},
          {"tomorrow's meeting in the evening", "2026-06-18 18:00", "2026-06-18 21:00",
           Grain::hour},
          {"what does my morning look like tomorrow", "2026-06-18 09:00", "2026-06-18 12:00",
           Grain::hour},
          // 6 am on this Wednesday is past: next Wednesday.
          {"turn off the six am alarm for wednesday", "2026-06-24 06:00", "", Grain::minute},
          {"morning alarms for weekdays", "2026-06-17 09:00", "2026-06-17 12:00", Grain::hour,
           "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
          {"daily standup to ten am", "2026-06-18 10:00", "", Grain::minute, "FREQ=DAILY"},
          {"add an event at three pm in goshen new york on may fifth", "2027-05-05 15:00", "",
           Grain::minute},
      });
  const Timestamp now = at_local(kLondon, kWednesday);
  const std::string text = "set a reminder for next saturday go to the library at five o'clock";
  const auto e = resolve(text, now, kLondon);
  ASSERT_TRUE(e);
  EXPECT_EQ(local_text(kLondon, e->start), "2026-06-27 17:00");
  ASSERT_EQ(e->pieces.size(), 2U);
  EXPECT_EQ(text.substr(e->pieces[0].begin, e->pieces[0].length), "for next saturday");
  EXPECT_EQ(text.substr(e->pieces[1].begin, e->pieces[1].length), "at five o'clock");
  EXPECT_EQ(text.substr(e->begin, e->length),
            "for next saturday go to the library at five o'clock");
  // Not across a sentence, not two clock times, not too far apart.
  for (const auto& [said, first] : std::vector<std::pair<std::string, std::string>>{
           {"call bob tomorrow. the meeting is at 5 pm", "tomorrow"},
           {"at 3 pm or maybe at 5 pm", "at 3 pm"},
           {"tomorrow i have to buy a lot of milk and eggs and bread at 5 pm", "tomorrow"},
       }) {
    const auto one = resolve(said, now, kLondon);
    ASSERT_TRUE(one) << said;
    EXPECT_EQ(one->pieces.size(), 1U) << said;
    EXPECT_EQ(said.substr(one->begin, one->length), first) << said;
  }
}

TEST(Resolve, MoreSpansDatesAndClockWords) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"this year", "2026-01-01 00:00", "2027-01-01 00:00", Grain::year},
          {"in the last year", "2025-01-01 00:00", "2026-01-01 00:00", Grain::year},
          {"current month", "2026-06-01 00:00", "2026-07-01 00:00", Grain::month},
          {"clear my calendar for the month", "2026-06-01 00:00", "2026-07-01 00:00", Grain::month},
          {"for the week", "2026-06-15 00:00", "2026-06-22 00:00", Grain::week},
          {"the rest of the week", "2026-06-17 00:00", "2026-06-22 00:00", Grain::day},
          {"remainder of the month", "2026-06-17 00:00", "2026-07-01 00:00", Grain::day},
          {"the next five days", "2026-06-17 00:00", "2026-06-22 00:00", Grain::day},
          {"the past 2 weeks", "2026-06-03 00:00", "2026-06-17 00:00", Grain::day},
          {"my weekend plans", "2026-06-20 00:00", "2026-06-22 00:00", Grain::day},
          {"between today and the twenty first", "2026-06-17 00:00", "2026-06-22 00:00",
           Grain::day},
          {"on twenty fifth may", "2027-05-25 00:00", "2027-05-26 00:00", Grain::day},
          {"meeting on ten march", "2027-03-10 00:00", "2027-03-11 00:00", Grain::day},
          {"twelveth july", "2026-07-12 00:00", "2026-07-13 00:00", Grain::day},
          {"april one two thousand and seventeen", "2017-04-01 00:00", "2017-04-02 00:00",
           Grain::day},
          {"march 3 twenty twenty seven", "2027-03-03 00:00", "2027-03-04 00:00", Grain::day},
          {"the twenty first of march two thousand", "2000-03-21 00:00", "2000-03-22 00:00",
           Grain::day},
          {"every june third", "2027-06-03 00:00", "2027-06-04 00:00", Grain::day, "FREQ=YEARLY"},
          {"wednesdays at two pm", "2026-06-17 14:00", "", Grain::minute, "FREQ=WEEKLY;BYDAY=WE"},
          {"set an alarm for five minutes from now", "2026-06-17 10:35", "", Grain::minute},
          {"four hundred am", "2026-06-18 04:00", "", Grain::minute},
          {"fourteen hundred hours", "2026-06-17 14:00", "", Grain::minute},
          {"at six hundred and forty five", "2026-06-18 06:45", "", Grain::minute},
          {"six hundred and forty five am today", "2026-06-17 06:45", "", Grain::minute},
      });
}

// kWednesday is 2026-06-17, 10:30.
TEST(Resolve, BritishAndWorkplaceWaysOfSayingTimes) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"monday week", "2026-06-29 00:00", "2026-06-30 00:00", Grain::day},
          {"friday week at 3", "2026-06-26 15:00", "", Grain::minute},
          {"a week from friday", "2026-06-26 00:00", "2026-06-27 00:00", Grain::day},
          {"a week on friday", "2026-06-26 00:00", "2026-06-27 00:00", Grain::day},
          {"a week tomorrow", "2026-06-25 00:00", "2026-06-26 00:00", Grain::day},
          {"two days after monday", "2026-06-24 00:00", "2026-06-25 00:00", Grain::day},
          {"in a fortnight", "2026-07-01 00:00", "2026-07-02 00:00", Grain::day},
          {"every fortnight on tuesday", "2026-06-23 00:00", "2026-06-24 00:00", Grain::day,
           "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"},
          {"at lunchtime", "2026-06-17 12:00", "", Grain::minute},
          {"thursday lunch time", "2026-06-18 12:00", "", Grain::minute},
          {"first thing monday", "2026-06-22 09:00", "", Grain::minute},
          {"first thing in the morning", "2026-06-18 09:00", "", Grain::minute},
          {"remind me first thing", "2026-06-18 09:00", "", Grain::minute},
          {"block a day on friday", "2026-06-19 00:00", "2026-06-20 00:00", Grain::day},
          {"at 4.30", "2026-06-17 16:30", "", Grain::minute},
          {"the 14th of july at 3.15", "2026-07-14 15:15", "", Grain::minute},
          {"move it to half nine tomorrow", "2026-06-18 09:30", "", Grain::minute},
          {"fourteen thirty", "2026-06-17 14:30", "", Grain::minute},
          {"dinner with anna on the 19th at 8", "2026-06-19 20:00", "", Grain::minute},
          {"drinks friday at nine", "2026-06-19 21:00", "", Grain::minute},
          {"trip to singapore dec 3-7", "2026-12-03 00:00", "2026-12-08 00:00", Grain::day},
          {"july 10th to 14th", "2026-07-10 00:00", "2026-07-15 00:00", Grain::day},
      });
}

TEST(Resolve, WeekdaysCountedWithinAMonth) {
  expect_cases(
      kLondon, kWednesday,
      {
          {"the first monday of july", "2026-07-06 00:00", "2026-07-07 00:00", Grain::day},
          {"the last friday of the month", "2026-06-26 00:00", "2026-06-27 00:00", Grain::day},
          {"the second tuesday of next month", "2026-07-14 00:00", "2026-07-15 00:00", Grain::day},
          // June's first Monday is over, so this month's means next month's.
          {"the first monday of the month", "2026-07-06 00:00", "2026-07-07 00:00", Grain::day},
          {"the first monday of may", "2027-05-03 00:00", "2027-05-04 00:00", Grain::day},
          {"the last thursday of every month at 7", "2026-06-25 19:00", "", Grain::minute,
           "FREQ=MONTHLY;BYDAY=-1TH"},
          {"every first monday of the month", "2026-07-06 00:00", "2026-07-07 00:00", Grain::day,
           "FREQ=MONTHLY;BYDAY=1MO"},
          {"on the 3rd wednesday of each month", "2026-06-17 00:00", "2026-06-18 00:00", Grain::day,
           "FREQ=MONTHLY;BYDAY=3WE"},
      });
}

TEST(Resolve, TheWeekOfADayIsThatWholeWeek) {
  // June 17th 2026 is a Wednesday; weeks start on Monday.
  expect_cases(kLondon, kWednesday,
               {
                   {"the week of the 24th", "2026-06-22 00:00", "2026-06-29 00:00", Grain::week},
                   {"week of july 1st", "2026-06-29 00:00", "2026-07-06 00:00", Grain::week},
                   {"the week of friday", "2026-06-15 00:00", "2026-06-22 00:00", Grain::week},
               });
}

TEST(Resolve, DayOfOptionGivesTheDayNoneWasSaidFor) {
  const Timestamp now = at_local(kLondon, kWednesday);
  const ResolveOptions on_friday{.prefer_future = true,
                                 .day_of = at_local(kLondon, "2026-06-19 08:00")};
  const auto at_three = resolve("at 3", now, kLondon, on_friday);
  ASSERT_TRUE(at_three);
  EXPECT_EQ(local_text(kLondon, at_three->start), "2026-06-19 15:00");
  const auto monday = resolve("monday at 3", now, kLondon, on_friday);
  ASSERT_TRUE(monday);
  EXPECT_EQ(local_text(kLondon, monday->start), "2026-06-22 15:00");  // a day said wins
  // Today is no other day: the usual roll to tomorrow still applies.
  const ResolveOptions today{.prefer_future = true, .day_of = now};
  const auto at_nine = resolve("at 9 am", now, kLondon, today);
  ASSERT_TRUE(at_nine);
  EXPECT_EQ(local_text(kLondon, at_nine->start), "2026-06-18 09:00");
}

TEST(Resolve, SpanIsTheMatchedText) {
  const Timestamp now = at_local(kLondon, kWednesday);
  struct Row {
    std::string text;
    std::string matched;
  };
  const std::vector<Row> rows = {
      {"create a reminder to follow up with john tomorrow at 2 pm", "tomorrow at 2 pm"},
      {"what's on my calendar next friday afternoon please", "next friday afternoon"},
      {"dentist on the 3rd of december at 10 am, bring forms", "on the 3rd of december at 10 am"},
      {"standup every monday at 9 in room 4", "every monday at 9"},
      {"call mom in 20 minutes", "in 20 minutes"},
      {"team sync from 2 to 4 pm tomorrow", "from 2 to 4 pm tomorrow"},
      {"gym tomorrow morning for an hour", "tomorrow morning for an hour"},
      {"pay rent by the end of the month", "by the end of the month"},
      {"Lunch at noon.", "at noon"},
  };
  for (const Row& row : rows) {
    const auto e = resolve(row.text, now, kLondon);
    ASSERT_TRUE(e) << row.text;
    ASSERT_LE(e->begin + e->length, row.text.size());
    EXPECT_EQ(row.text.substr(e->begin, e->length), row.matched) << row.text;
  }
}

TEST(Resolve, TextWithoutATimeIsNotATime) {
  const Timestamp now = at_local(kLondon, kWednesday);
  for (const char* text : {"",
                           "   ",
                           "hello there",
                           "call 911",
                           "two people",
                           "i need 3 apples",
                           "book a table for two people",
                           "i may 3 times",
                           "march on",
                           "the second option",
                           "at the office",
                           "on my calendar",
                           "in the box",
                           "for two people",
                           "later by 2 hours",
                           "next",
                           "every",
                           "this is it",
                           "9-5",
                           "sun and sat",
                           "room 1430",
                           "page 12",
                           "good morning",
                           "good evening",
                           "morning how are you",
                           "game night",
                           "parents evening",
                           "coffee morning",
                           "two hundred people",
                           "it's a deal",
                           "the 3rd",
                           "february 30th",
                           "in a while",
                           "quarter",
                           "half",
                           "back in a second",
                           "the first thing on my list",
                           "first thing to do",
                           "version 2.10",
                           "half two",
                           "have lunch with bob"}) {
    const auto e = resolve(text, now, kLondon);
    EXPECT_FALSE(e.has_value()) << "\"" << text << "\" matched "
                                << (e ? std::string(text).substr(e->begin, e->length) : "");
  }
}

TEST(Resolve, UnknownZoneThrows) {
  EXPECT_THROW(resolve("tomorrow", at_local(kLondon, kWednesday), "Mars/Olympus_Mons"),
               std::invalid_argument);
}

TEST(Resolve, JsonShape) {
  const Timestamp now = at_local(kLondon, kWednesday);
  const auto day = resolve("tomorrow", now, kLondon);
  ASSERT_TRUE(day);
  EXPECT_EQ(to_json(*day), nlohmann::json::parse(R"({"start":"2026-06-17T23:00:00Z",
      "end":"2026-06-18T23:00:00Z","grain":"day"})"));
  const auto at = resolve("every monday at 9 for 30 minutes", now, kLondon);
  ASSERT_TRUE(at);
  EXPECT_EQ(to_json(*at), nlohmann::json::parse(R"({"start":"2026-06-22T08:00:00Z",
      "end":"2026-06-22T08:30:00Z","grain":"minute","rrule":"FREQ=WEEKLY;BYDAY=MO",
      "duration_minutes":30})"));
  const auto point = resolve("at 3pm", now, kLondon);
  ASSERT_TRUE(point);
  EXPECT_TRUE(to_json(*point)["end"].is_null());
  EXPECT_TRUE(point->time_given);
  EXPECT_FALSE(day->time_given);
}

TEST(Resolve, GrainNames) {
  EXPECT_EQ(grain_name(Grain::minute), "minute");
  EXPECT_EQ(grain_name(Grain::hour), "hour");
  EXPECT_EQ(grain_name(Grain::day), "day");
  EXPECT_EQ(grain_name(Grain::week), "week");
  EXPECT_EQ(grain_name(Grain::month), "month");
  EXPECT_EQ(grain_name(Grain::year), "year");
}

TEST(Resolve, ArbitraryBytesAreSafe) {
  const Timestamp now = at_local(kLondon, kWednesday);
  // Invalid UTF-8 and control bytes around a real expression: it is still found, and the span
  // points at it.
  const std::string noisy = std::string("\xff\xfe\x80 ok \xc3(\x00 ", 12) + "tomorrow at 9" +
                            std::string("\xed\xa0\x80", 3);
  const auto e = resolve(noisy, now, kLondon);
  ASSERT_TRUE(e);
  EXPECT_EQ(noisy.substr(e->begin, e->length), "tomorrow at 9");
  // Huge numbers are not times and do not overflow.
  for (const char* text : {"in 99999999999999999999 days", "at 99999999999:99", "in 100000 years",
                           "every 99999999999 weeks", "the 99999999999th of may"}) {
    EXPECT_NO_THROW(resolve(text, now, kLondon)) << text;
  }
  // Random token soup: never crashes, spans always inside the input.
  const std::vector<std::string> vocabulary = {
      "at",  "3",       "pm",       "to",      "from", "every", "monday",  "and",   "the",
      "3rd", "of",      "december", "next",    "in",   "20",    "minutes", "half",  "past",
      "a",   "quarter", "tonight",  "-",       ":",    "30",    "for",     "an",    "hour",
      "on",  "mondays", ",",        "between", "noon", "\xff",  "end",     "month", "2026"};
  std::mt19937 rng(42);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int words = static_cast<int>(rng() % 12);
    for (int w = 0; w < words; ++w) text += vocabulary[rng() % vocabulary.size()] + " ";
    const auto r = resolve(text, now, kLondon);
    if (r) {
      EXPECT_LE(r->begin + r->length, text.size()) << text;
    }
  }
}

TEST(Resolve, LongInputsStillResolve) {
  const Timestamp now = at_local(kLondon, kWednesday);
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "every monday and at the 3 to from quarter ";
  text += "tomorrow at 9";
  const auto e = resolve(text, now, kLondon);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rrule, "FREQ=WEEKLY;BYDAY=MO");  // the first expression wins
  const std::string digits(1 << 20, '7');
  EXPECT_FALSE(resolve(digits, now, kLondon));
}

struct ShiftCase {
  std::string text;
  Shift::Kind kind;
  int minutes;
  std::string span;
};

TEST(FindShift, MovesAndLengthsWithTheirSpans) {
  const ShiftCase cases[] = {
      {"push the sync back an hour", Shift::Kind::move, 60, "back an hour"},
      {"move it 30 minutes later", Shift::Kind::move, 30, "30 minutes later"},
      {"move the standup fifteen minutes earlier", Shift::Kind::move, -15,
       "fifteen minutes earlier"},
      {"bump the review up a day", Shift::Kind::move, -1440, "up a day"},
      {"push it back by a week", Shift::Kind::move, 10080, "back by a week"},
      {"delay the launch sync by 45 min", Shift::Kind::move, 45, "by 45 min"},
      {"make the interview half an hour longer", Shift::Kind::length, 30, "half an hour longer"},
      {"shorten the retro by 10 minutes", Shift::Kind::length, -10, "by 10 minutes"},
      {"extend it by an hour and a half", Shift::Kind::length, 90, "by an hour and a half"},
      {"give the demo an extra 15 minutes", Shift::Kind::length, 15, "extra 15 minutes"},
      {"can we have another hour", Shift::Kind::length, 60, "another hour"},
      {"push it back a quarter of an hour", Shift::Kind::move, 15, "back a quarter of an hour"},
      {"make it three quarters of an hour longer", Shift::Kind::length, 45,
       "three quarters of an hour longer"},
      {"move the call a quarter hour earlier", Shift::Kind::move, -15, "a quarter hour earlier"},
  };
  for (const auto& c : cases) {
    const auto shift = find_shift(c.text);
    ASSERT_TRUE(shift) << c.text;
    EXPECT_EQ(shift->kind, c.kind) << c.text;
    EXPECT_EQ(shift->minutes.count(), c.minutes) << c.text;
    EXPECT_EQ(c.text.substr(shift->span.begin, shift->span.length), c.span) << c.text;
  }
}

TEST(FindShift, PointsInTimeLeadTimesAndBareDurationsAreNone) {
  for (const std::string text :
       {"remind me in 20 minutes", "an hour ago", "20 minutes from now",
        "remind me 30 minutes before the meeting", "schedule a meeting for an hour",
        "move it to 3 pm", "push it back", "take a 10 minute break", "move it back 30 seconds",
        "push it back 2 months", "push it. back an hour", "move it to a week from friday"}) {
    EXPECT_FALSE(find_shift(text)) << text;
  }
}

}  // namespace
}  // namespace convonet::assistant::time
