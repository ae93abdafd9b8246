// The README's curl walk-through, as a test: register, login, team, member, todo, list.
#include "api/api_fixture.hpp"

namespace convonet::testing {
namespace {

TEST_F(ApiTest, ReadmeWalkthrough) {
  auto alice = register_user("alice");
  ASSERT_TRUE(alice.contains("access_token"));
  EXPECT_EQ(alice["token_type"], "Bearer");
  EXPECT_EQ(alice["expires_in"], 900);
  EXPECT_EQ(alice["user"]["email"], "alice@example.com");
  EXPECT_FALSE(alice["user"].contains("password_hash"));
  register_user("bob");

  auto login = call("POST", "/api/v1/auth/login",
                    {{"email", "Alice@Example.com"}, {"password", "correct horse battery"}});
  ASSERT_EQ(login.status, 200) << login.raw.body;
  const std::string token = login.body["access_token"];

  auto me = call("GET", "/api/v1/me", nullptr, token);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body["name"], "alice");
  EXPECT_EQ(me.body["timezone"], "Europe/London");

  auto team = call("POST", "/api/v1/teams", {{"name", "Sales"}}, token);
  ASSERT_EQ(team.status, 201) << team.raw.body;
  EXPECT_EQ(team.body["role"], "owner");
  const int team_id = team.body["id"];

  auto member = call("POST", "/api/v1/teams/" + std::to_string(team_id) + "/members",
                     {{"email", "bob@example.com"}, {"role", "member"}}, token);
  ASSERT_EQ(member.status, 201) << member.raw.body;
  EXPECT_EQ(member.body["role"], "member");
  EXPECT_EQ(member.body["email"], "bob@example.com");

  auto todo = call("POST", "/api/v1/todos",
                   {{"title", "Follow up with John"},
                    {"team_id", team_id},
                    {"priority", "high"},
                    {"due_at", "2026-11-25T14:00:00Z"}},
                   token);
  ASSERT_EQ(todo.status, 201) << todo.raw.body;
  EXPECT_EQ(todo.body["status"], "open");
  EXPECT_EQ(todo.body["due_at"], "2026-11-25T14:00:00Z");

  auto list = call("GET", "/api/v1/todos", nullptr, token);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["title"], "Follow up with John");
  EXPECT_TRUE(list.body["next_cursor"].is_null());

  // Bob sees the team todo through his membership.
  auto bob = call("POST", "/api/v1/auth/login",
                  {{"email", "bob@example.com"}, {"password", "correct horse battery"}});
  auto bob_list = call("GET", "/api/v1/todos", nullptr, bob.body["access_token"]);
  ASSERT_EQ(bob_list.status, 200);
  EXPECT_EQ(bob_list.body["items"].size(), 1u);
}

TEST_F(ApiTest, TodoLifecycleAndFilters) {
  const std::string token = register_user("carol")["access_token"];
  std::vector<int> ids;
  for (int i = 0; i < 7; ++i) {
    auto r = call("POST", "/api/v1/todos",
                  {{"title", "task " + std::to_string(i)},
                   {"due_at", "2026-12-0" + std::to_string(i + 1) + "T09:00:00Z"}},
                  token);
    ASSERT_EQ(r.status, 201);
    ids.push_back(r.body["id"]);
  }
  auto done = call("POST", "/api/v1/todos/" + std::to_string(ids[0]) + "/complete", nullptr, token);
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(done.body["status"], "done");
  EXPECT_FALSE(done.body["completed_at"].is_null());

  EXPECT_EQ(call("GET", "/api/v1/todos?status=done", nullptr, token).body["items"].size(), 1u);
  EXPECT_EQ(call("GET", "/api/v1/todos?status=open", nullptr, token).body["items"].size(), 6u);
  EXPECT_EQ(call("GET", "/api/v1/todos?due_before=2026-12-03T00:00:00Z", nullptr, token)
                .body["items"]
                .size(),
            2u);
  EXPECT_EQ(call("GET", "/api/v1/todos?due_after=2026-12-03T00:00:00Z", nullptr, token)
                .body["items"]
                .size(),
            5u);

  // Pagination walks every item exactly once.
  std::vector<int> seen;
  std::string target = "/api/v1/todos?limit=3";
  for (int page = 0; page < 10; ++page) {
    auto r = call("GET", target, nullptr, token);
    ASSERT_EQ(r.status, 200);
    for (const auto& item : r.body["items"]) seen.push_back(item["id"]);
    if (r.body["next_cursor"].is_null()) break;
    target = "/api/v1/todos?limit=3&cursor=" + r.body["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, ids);

  auto patched = call("PATCH", "/api/v1/todos/" + std::to_string(ids[1]),
                      {{"title", "renamed"}, {"due_at", nullptr}, {"priority", "urgent"}}, token);
  ASSERT_EQ(patched.status, 200) << patched.raw.body;
  EXPECT_EQ(patched.body["title"], "renamed");
  EXPECT_TRUE(patched.body["due_at"].is_null());
  EXPECT_EQ(patched.body["priority"], "urgent");

  auto reopened =
      call("PATCH", "/api/v1/todos/" + std::to_string(ids[0]), {{"status", "open"}}, token);
  EXPECT_EQ(reopened.body["status"], "open");

  EXPECT_EQ(call("DELETE", "/api/v1/todos/" + std::to_string(ids[2]), nullptr, token).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/todos/" + std::to_string(ids[2]), nullptr, token).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/todos/" + std::to_string(ids[2]), nullptr, token).status, 404);
}

TEST_F(ApiTest, PersonalItemsAreInvisibleToOthers) {
  const std::string alice = register_user("alice")["access_token"];
  const std::string mallory = register_user("mallory")["access_token"];
  auto todo = call("POST", "/api/v1/todos", {{"title", "private"}}, alice);
  const auto path = "/api/v1/todos/" + std::to_string(todo.body["id"].get<int>());
  EXPECT_EQ(call("GET", path, nullptr, mallory).status, 404);
  EXPECT_EQ(call("PATCH", path, {{"title", "x"}}, mallory).status, 404);
  EXPECT_EQ(call("DELETE", path, nullptr, mallory).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/todos", nullptr, mallory).body["items"].size(), 0u);
  EXPECT_EQ(call("GET", path, nullptr, alice).status, 200);
}

TEST_F(ApiTest, OperationsEndpoints) {
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  auto ready = call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body["checks"]["database"], "ok");

  call("GET", "/api/v1/me");  // a 401, counted too
  auto metrics = http::request("127.0.0.1", port_, "GET", "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(
      metrics->body.find(
          "convonet_http_requests_total{route=\"/api/v1/me\",method=\"GET\",status=\"401\"} 1"),
      std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("convonet_http_request_duration_seconds_bucket"), std::string::npos);

  auto openapi = http::request("127.0.0.1", port_, "GET", "/api/v1/openapi.yaml");
  ASSERT_TRUE(openapi);
  EXPECT_EQ(openapi->status, 200);
  EXPECT_NE(openapi->body.find("/api/v1/todos"), std::string::npos);
}

}  // namespace
}  // namespace convonet::testing
