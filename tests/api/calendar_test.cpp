#include "api/api_fixture.hpp"

namespace convonet::testing {
namespace {

TEST_F(ApiTest, RecurringEventsExpandIntoOccurrencesInTheRange) {
  const std::string token = register_user("jack")["access_token"];
  // Weekly on Monday 09:00 London time, starting Monday 2026-03-16 (GMT) across the DST change.
  auto created = call("POST", "/api/v1/events",
                      {{"title", "Standup"},
                       {"start", "2026-03-16T09:00:00Z"},
                       {"end", "2026-03-16T09:15:00Z"},
                       {"rrule", "FREQ=WEEKLY;BYDAY=MO;COUNT=4"},
                       {"reminder_minutes", 10},
                       {"attendees", {"Kim@Example.com"}}},
                      token);
  ASSERT_EQ(created.status, 201) << created.raw.body;
  EXPECT_EQ(created.body["timezone"], "Europe/London");
  EXPECT_EQ(created.body["attendees"][0], "kim@example.com");
  call("POST", "/api/v1/events", {{"title", "One-off"}, {"start", "2026-03-25T12:00:00Z"}}, token);

  auto list = call("GET", "/api/v1/events?from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z",
                   nullptr, token);
  ASSERT_EQ(list.status, 200) << list.raw.body;
  std::vector<std::string> starts;
  for (const auto& item : list.body["items"]) starts.push_back(item["start"]);
  // After 29 March London is on BST, so 09:00 local is 08:00 UTC.
  EXPECT_EQ(starts, (std::vector<std::string>{"2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z",
                                              "2026-03-25T12:00:00Z", "2026-03-30T08:00:00Z",
                                              "2026-04-06T08:00:00Z"}));
  EXPECT_EQ(list.body["items"][0]["event_id"], created.body["id"]);
  EXPECT_EQ(list.body["items"][2]["end"], "2026-03-25T13:00:00Z");  // default one hour

  // Paging with a small limit resumes where the last page stopped.
  auto page =
      call("GET", "/api/v1/events?from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z&limit=2",
           nullptr, token);
  ASSERT_EQ(page.body["items"].size(), 2u);
  ASSERT_TRUE(page.body["next_cursor"].is_string());
  auto rest =
      call("GET",
           "/api/v1/events?from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z&limit=10&cursor=" +
               page.body["next_cursor"].get<std::string>(),
           nullptr, token);
  ASSERT_EQ(rest.status, 200) << rest.raw.body;
  EXPECT_EQ(rest.body["items"].size(), 3u);
}

TEST_F(ApiTest, MovingAnEventKeepsItsDuration) {
  const std::string token = register_user("kate")["access_token"];
  auto e = call(
      "POST", "/api/v1/events",
      {{"title", "Review"}, {"start", "2026-12-01T10:00:00Z"}, {"end", "2026-12-01T10:45:00Z"}},
      token);
  auto moved = call("PATCH", "/api/v1/events/" + std::to_string(e.body["id"].get<int>()),
                    {{"start", "2026-12-01T15:00:00Z"}}, token);
  ASSERT_EQ(moved.status, 200) << moved.raw.body;
  EXPECT_EQ(moved.body["end"], "2026-12-01T15:45:00Z");
  auto bad = call("PATCH", "/api/v1/events/" + std::to_string(e.body["id"].get<int>()),
                  {{"end", "2026-12-01T09:00:00Z"}}, token);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(call("GET", "/api/v1/events/" + std::to_string(e.body["id"].get<int>()), nullptr, token)
                .body["end"],
            "2026-12-01T15:45:00Z");
}

TEST_F(ApiTest, IcsFeedServesTheUsersEventsByToken) {
  const std::string token = register_user("liam")["access_token"];
  call("POST", "/api/v1/events",
       {{"title", "Dentist; bring forms, card"},
        {"start", "2026-12-02T10:00:00Z"},
        {"rrule", "FREQ=DAILY;COUNT=2"}},
       token);
  auto feed_token = call("POST", "/api/v1/calendar/feed-token", nullptr, token);
  ASSERT_EQ(feed_token.status, 201) << feed_token.raw.body;
  const std::string feed = feed_token.body["token"];

  auto ics = http::request("127.0.0.1", port_, "GET", "/api/v1/calendar.ics?token=" + feed);
  ASSERT_TRUE(ics);
  EXPECT_EQ(ics->status, 200);
  EXPECT_NE(ics->header("Content-Type")->find("text/calendar"), std::string::npos);
  EXPECT_EQ(ics->body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(ics->body.find("SUMMARY:Dentist\\; bring forms\\, card\r\n"), std::string::npos)
      << ics->body;
  EXPECT_NE(ics->body.find("RRULE:FREQ=DAILY;COUNT=2\r\n"), std::string::npos);
  // A series is written in its zone (the user's, Europe/London) so it keeps its wall-clock time.
  EXPECT_NE(ics->body.find("DTSTART;TZID=Europe/London:20261202T100000\r\n"), std::string::npos);
  EXPECT_NE(ics->body.find("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"), std::string::npos);

  // Rotating the token retires the old URL.
  call("POST", "/api/v1/calendar/feed-token", nullptr, token);
  EXPECT_EQ(http::request("127.0.0.1", port_, "GET", "/api/v1/calendar.ics?token=" + feed)->status,
            401);
  EXPECT_EQ(http::request("127.0.0.1", port_, "GET", "/api/v1/calendar.ics")->status, 401);
}

}  // namespace
}  // namespace convonet::testing
