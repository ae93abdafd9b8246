#include "productivity/wire.hpp"

#include <gtest/gtest.h>

namespace convonet::productivity {
namespace {

TEST(JsonWriter, TodoTextHasEveryField) {
  store::Todo t;
  t.id = 3;
  t.creator_id = 1;
  t.title = "Call \"John\"";
  t.due_at = *parse_rfc3339("2026-11-25T14:00:00Z");
  const auto parsed = nlohmann::json::parse(todo_text(t));
  EXPECT_EQ(parsed["title"], "Call \"John\"");
  EXPECT_EQ(parsed["status"], "open");
  EXPECT_EQ(parsed["due_at"], "2026-11-25T14:00:00Z");
  EXPECT_TRUE(parsed["team_id"].is_null());
  EXPECT_EQ(parsed.size(), 13u);
}

TEST(Wire, EventOccurrenceCarriesTheSeries) {
  store::Event e;
  e.id = 9;
  e.title = "Standup";
  e.start = *parse_rfc3339("2026-11-30T09:00:00Z");
  e.end = *parse_rfc3339("2026-11-30T09:15:00Z");
  e.rrule = "FREQ=DAILY";
  e.timezone = "Europe/London";
  const auto j = occurrence_json(
      {e, *parse_rfc3339("2026-12-01T09:00:00Z"), *parse_rfc3339("2026-12-01T09:15:00Z")});
  EXPECT_EQ(j["event_id"], 9);
  EXPECT_EQ(j["start"], "2026-12-01T09:00:00Z");
  EXPECT_EQ(j["series_start"], "2026-11-30T09:00:00Z");
  EXPECT_EQ(j["recurring"], true);
  EXPECT_EQ(j["rrule"], "FREQ=DAILY");
}

}  // namespace
}  // namespace convonet::productivity
