// Bad input gets a clear 4xx JSON error, never a crash and never a half-written change.
#include "api/api_fixture.hpp"

namespace convonet::testing {
namespace {

class Validation : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    token_ = register_user("ivy")["access_token"];
  }
  std::string token_;
};

void expect_error(const Reply& r, int status) {
  EXPECT_EQ(r.status, status) << r.raw.body;
  ASSERT_TRUE(r.body.is_object()) << r.raw.body;
  EXPECT_TRUE(r.body["error"]["code"].is_string()) << r.raw.body;
  EXPECT_TRUE(r.body["error"]["message"].is_string()) << r.raw.body;
}

TEST_F(Validation, MalformedBodies) {
  http::Headers json{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token_}};
  auto raw = [&](const std::string& body, const http::Headers& headers) {
    auto r = http::request("127.0.0.1", port_, "POST", "/api/v1/todos", body, headers);
    Reply reply{r->status, nlohmann::json::parse(r->body, nullptr, false), *r};
    return reply;
  };
  expect_error(raw("{\"title\": ", json), 400);
  expect_error(raw("[1,2]", json), 400);
  expect_error(raw("{\"title\":\"\xff\xfe\"}", json), 400);
  expect_error(raw("{\"title\":\"x\"}",
                   {{"Authorization", "Bearer " + token_}, {"Content-Type", "text/plain"}}),
               415);
  expect_error(raw(std::string(2 << 20, 'x'), json), 413);
}

TEST_F(Validation, FieldErrorsAre422) {
  expect_error(call("POST", "/api/v1/todos", {{"title", ""}}, token_), 422);
  expect_error(call("POST", "/api/v1/todos", {{"title", std::string(201, 'a')}}, token_), 422);
  expect_error(call("POST", "/api/v1/todos", {{"title", "ok"}, {"priority", "whenever"}}, token_),
               422);
  expect_error(call("POST", "/api/v1/todos", {{"title", "ok"}, {"due_at", "tomorrow"}}, token_),
               422);
  expect_error(call("POST", "/api/v1/todos", {{"title", "ok"}, {"team_id", "one"}}, token_), 422);
  expect_error(call("POST", "/api/v1/todos", {{"title", "ok"}, {"titel", "typo"}}, token_), 422);
  expect_error(call("POST", "/api/v1/todos", {{"title", "bell\x07"}}, token_), 422);
  expect_error(call("POST", "/api/v1/todos", {{"title", "ok"}, {"team_id", 999}}, token_), 404);
  expect_error(call("POST", "/api/v1/todos", {{"title", "ok"}, {"assignee_id", 999}}, token_), 422);
  expect_error(call("POST", "/api/v1/events", {{"title", "x"}}, token_), 422);
  expect_error(
      call("POST", "/api/v1/events",
           {{"title", "x"}, {"start", "2026-11-24T10:00:00Z"}, {"end", "2026-11-24T09:00:00Z"}},
           token_),
      422);
  expect_error(
      call("POST", "/api/v1/events",
           {{"title", "x"}, {"start", "2026-11-24T10:00:00Z"}, {"rrule", "FREQ=HOURLY"}}, token_),
      422);
  expect_error(
      call("POST", "/api/v1/events",
           {{"title", "x"}, {"start", "2026-11-24T10:00:00Z"}, {"attendees", {"not mail"}}},
           token_),
      422);
  // Nothing above was stored.
  EXPECT_EQ(call("GET", "/api/v1/todos", nullptr, token_).body["items"].size(), 0u);
  EXPECT_EQ(call("GET", "/api/v1/events?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z", nullptr,
                 token_)
                .body["items"]
                .size(),
            0u);
}

TEST_F(Validation, NullClearsOptionalFieldsAndIsRefusedForRequiredOnes) {
  auto created = call("POST", "/api/v1/todos",
                      {{"title", "pay rent"}, {"due_at", "2026-11-30T09:00:00Z"}}, token_);
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const auto path = "/api/v1/todos/" + std::to_string(created.body["id"].get<long long>());
  auto refused = call("PATCH", path, {{"title", nullptr}}, token_);
  expect_error(refused, 422);
  EXPECT_EQ(refused.body["error"]["message"], "'title' cannot be null");
  auto cleared = call("PATCH", path, {{"due_at", nullptr}}, token_);
  ASSERT_EQ(cleared.status, 200) << cleared.raw.body;
  EXPECT_TRUE(cleared.body["due_at"].is_null());
  EXPECT_EQ(cleared.body["title"], "pay rent");
}

TEST_F(Validation, QueryAndPathErrors) {
  expect_error(call("GET", "/api/v1/todos?status=maybe", nullptr, token_), 400);
  expect_error(call("GET", "/api/v1/todos?limit=0", nullptr, token_), 400);
  expect_error(call("GET", "/api/v1/todos?limit=abc", nullptr, token_), 400);
  expect_error(call("GET", "/api/v1/todos?due_before=yesterday", nullptr, token_), 400);
  expect_error(call("GET", "/api/v1/todos?cursor=%%%", nullptr, token_), 400);
  expect_error(call("GET", "/api/v1/todos?cursor=bm9wZQ", nullptr, token_), 400);
  expect_error(call("GET", "/api/v1/todos/abc", nullptr, token_), 404);
  expect_error(call("GET", "/api/v1/todos/-1", nullptr, token_), 404);
  expect_error(call("GET", "/api/v1/nothing-here", nullptr, token_), 404);
  auto wrong_method = call("PUT", "/api/v1/todos", nullptr, token_);
  expect_error(wrong_method, 405);
  EXPECT_TRUE(wrong_method.raw.header("Allow").has_value());
  expect_error(call("GET", "/api/v1/events?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z",
                    nullptr, token_),
               422);
  expect_error(call("GET", "/api/v1/events?from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z",
                    nullptr, token_),
               422);
}

}  // namespace
}  // namespace convonet::testing
