#include "assistant/dialogue/detail/speech.hpp"

#include <gtest/gtest.h>

namespace convonet::assistant::dialogue::detail {
namespace {

const date::time_zone& london() {
  return *date::locate_zone("Europe/London");
}

Timestamp at(const char* text) {
  return *parse_rfc3339(text);
}

TEST(Speech, NormalizesPunctuationAndCase) {
  EXPECT_EQ(normalize("  Yes, please!  "), "yes please");
  EXPECT_EQ(normalize("Don't"), "dont");
  EXPECT_EQ(normalize("?!"), "");
}

TEST(Speech, ShortAnswers) {
  EXPECT_TRUE(is_yes("yes please"));
  EXPECT_TRUE(is_yes("go ahead"));
  EXPECT_FALSE(is_yes("yes and add milk"));
  EXPECT_TRUE(is_no("no thanks"));
  EXPECT_TRUE(is_no("never mind"));
  EXPECT_FALSE(is_no("not the first one"));
  EXPECT_TRUE(is_cancel("scratch that"));
  EXPECT_FALSE(is_cancel("cancel the dentist"));
}

TEST(Speech, SaysTimesTheWayPeopleDo) {
  const Timestamp now = at("2026-11-24T10:00:00Z");  // Tuesday
  EXPECT_EQ(speak_when(at("2026-11-24T15:30:00Z"), now, london()), "today at 3:30 PM");
  EXPECT_EQ(speak_when(at("2026-11-25T12:00:00Z"), now, london()), "tomorrow at noon");
  EXPECT_EQ(speak_when(at("2026-11-27T09:05:00Z"), now, london()), "on Friday at 9:05 AM");
  EXPECT_EQ(speak_when(at("2026-12-03T00:00:00Z"), now, london()), "on December 3 at midnight");
  EXPECT_EQ(speak_day(at("2027-01-02T10:00:00Z"), now, london()), "on January 2, 2027");
  // Summer time: 13:00 UTC is 2 PM in London.
  EXPECT_EQ(speak_clock(at("2026-07-01T13:00:00Z"), london()), "2 PM");
}

TEST(Speech, SaysRecurrence) {
  EXPECT_EQ(speak_rrule("FREQ=DAILY"), "every day");
  EXPECT_EQ(speak_rrule("FREQ=DAILY;INTERVAL=3"), "every 3 days");
  EXPECT_EQ(speak_rrule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"), "every weekday");
  EXPECT_EQ(speak_rrule("FREQ=WEEKLY;BYDAY=MO,TH"), "every Monday and Thursday");
  EXPECT_EQ(speak_rrule("FREQ=WEEKLY;INTERVAL=2"), "every other week");
  EXPECT_EQ(speak_rrule("FREQ=MONTHLY;BYMONTHDAY=1"), "every month");
  EXPECT_EQ(speak_rrule("garbage"), "repeatedly");
}

TEST(Speech, JoinsLists) {
  EXPECT_EQ(join_list({}), "");
  EXPECT_EQ(join_list({"a"}), "a");
  EXPECT_EQ(join_list({"a", "b", "c"}), "a, b and c");
  EXPECT_EQ(join_list({"a", "b", "c", "d"}, 2), "a, b and 2 more");
  EXPECT_EQ(count_of(1, "todo", "todos"), "1 todo");
  EXPECT_EQ(count_of(3, "todo", "todos"), "3 todos");
}

}  // namespace
}  // namespace convonet::assistant::dialogue::detail
