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

// Monday, Wednesday and Friday at 09:00 London time (GMT in winter) from 30 November 2026.
class OccurrenceApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    token_ = register_user("mia")["access_token"];
    auto created = call("POST", "/api/v1/events",
                        {{"title", "Standup"},
                         {"start", "2026-11-30T09:00:00Z"},
                         {"end", "2026-11-30T09:15:00Z"},
                         {"attendees", {"kim@example.com"}},
                         {"rrule", "FREQ=WEEKLY;BYDAY=MO,WE,FR"}},
                        token_);
    ASSERT_EQ(created.status, 201) << created.raw.body;
    EXPECT_EQ(created.body["exdates"], nlohmann::json::array());
    series_ = "/api/v1/events/" + std::to_string(created.body["id"].get<long>());
  }

  std::vector<std::string> week() {
    auto list = call("GET", "/api/v1/events?from=2026-11-30T00:00:00Z&to=2026-12-07T00:00:00Z",
                     nullptr, token_);
    EXPECT_EQ(list.status, 200) << list.raw.body;
    std::vector<std::string> starts;
    for (const auto& item : list.body["items"]) starts.push_back(item["start"]);
    return starts;
  }

  void expect_error(const Reply& reply, int status, const std::string& code) {
    EXPECT_EQ(reply.status, status) << reply.raw.body;
    EXPECT_EQ(reply.body["error"]["code"], code) << reply.raw.body;
    EXPECT_TRUE(reply.body["error"]["message"].is_string()) << reply.raw.body;
  }

  std::string token_;
  std::string series_;
};

TEST_F(OccurrenceApiTest, OneOccurrenceIsCancelledOrMovedAndTheSeriesSkipsIt) {
  // URL-encoded, and with an offset: Wednesday 09:00 UTC.
  auto cancelled =
      call("DELETE", series_ + "/occurrences/2026-12-02T10%3A00%3A00%2B01%3A00", nullptr, token_);
  EXPECT_EQ(cancelled.status, 204) << cancelled.raw.body;
  EXPECT_EQ(call("DELETE", series_ + "/occurrences/2026-12-02T09:00:00Z", nullptr, token_).status,
            204);  // again: nothing changes
  EXPECT_EQ(call("GET", series_, nullptr, token_).body["exdates"],
            nlohmann::json::array({"2026-12-02T09:00:00Z"}));

  auto moved = call("PATCH", series_ + "/occurrences/2026-12-04T09:00:00Z",
                    {{"start", "2026-12-04T11:00:00Z"}, {"title", "Friday standup"}}, token_);
  ASSERT_EQ(moved.status, 200) << moved.raw.body;
  EXPECT_EQ(moved.body["start"], "2026-12-04T11:00:00Z");
  EXPECT_EQ(moved.body["end"], "2026-12-04T11:15:00Z");
  EXPECT_EQ(moved.body["title"], "Friday standup");
  EXPECT_TRUE(moved.body["rrule"].is_null());
  EXPECT_EQ(moved.body["attendees"], nlohmann::json::array({"kim@example.com"}));
  EXPECT_EQ(moved.body["exdates"], nlohmann::json::array());
  EXPECT_EQ(week(), (std::vector<std::string>{"2026-11-30T09:00:00Z", "2026-12-04T11:00:00Z"}));

  // The feed says the same to calendar apps.
  auto feed = call("POST", "/api/v1/calendar/feed-token", nullptr, token_);
  auto ics = http::request("127.0.0.1", port_, "GET",
                           "/api/v1/calendar.ics?token=" + feed.body["token"].get<std::string>());
  ASSERT_TRUE(ics);
  EXPECT_NE(ics->body.find("EXDATE;TZID=Europe/London:20261202T090000,20261204T090000\r\n"),
            std::string::npos)
      << ics->body;
}

TEST_F(OccurrenceApiTest, BadRequestsGetTheUsualErrors) {
  expect_error(call("DELETE", series_ + "/occurrences/tomorrow", nullptr, token_), 400,
               "invalid_parameter");
  expect_error(
      call("PATCH", series_ + "/occurrences/2026-13-02T09:00:00Z", {{"title", "x"}}, token_), 400,
      "invalid_parameter");
  expect_error(
      call("DELETE", "/api/v1/events/999999/occurrences/2026-12-02T09:00:00Z", nullptr, token_),
      404, "not_found");
  expect_error(call("DELETE", series_ + "/occurrences/2026-12-01T09:00:00Z", nullptr, token_), 422,
               "not_an_occurrence");
  expect_error(call("PATCH", series_ + "/occurrences/2026-12-02T09:00:00Z",
                    {{"rrule", "FREQ=DAILY"}}, token_),
               422, "series_change");
  expect_error(
      call("PATCH", series_ + "/occurrences/2026-12-02T09:00:00Z", {{"team_id", 1}}, token_), 422,
      "validation_failed");

  const std::string other = register_user("noah")["access_token"];
  expect_error(call("DELETE", series_ + "/occurrences/2026-12-02T09:00:00Z", nullptr, other), 404,
               "not_found");
  auto once = call("POST", "/api/v1/events",
                   {{"title", "Review"}, {"start", "2026-12-01T10:00:00Z"}}, token_);
  const std::string once_path = "/api/v1/events/" + std::to_string(once.body["id"].get<long>());
  expect_error(call("DELETE", once_path + "/occurrences/2026-12-01T10:00:00Z", nullptr, token_),
               422, "not_recurring");

  // Moving the same occurrence twice does not copy it twice.
  EXPECT_EQ(
      call("PATCH", series_ + "/occurrences/2026-12-02T09:00:00Z", {{"title", "x"}}, token_).status,
      200);
  expect_error(
      call("PATCH", series_ + "/occurrences/2026-12-02T09:00:00Z", {{"title", "x"}}, token_), 409,
      "occurrence_cancelled");
  // Monday, the one-off on Tuesday, Wednesday's copy and Friday.
  EXPECT_EQ(week().size(), 4u);
}

}  // namespace
}  // namespace convonet::testing
