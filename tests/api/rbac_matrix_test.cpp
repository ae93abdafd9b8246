// Every role x every team endpoint, with the expected status. Each cell gets a fresh team so
// one cell's change cannot decide another's outcome.
#include "api/api_fixture.hpp"

namespace convonet::testing {
namespace {

enum Actor { owner, admin, member, viewer, outsider };
constexpr const char* kActorNames[] = {"owner", "admin", "member", "viewer", "outsider"};

// Ids of one freshly built team and its items.
struct World {
  std::int64_t team = 0;
  std::int64_t spare_user = 0;  // a member nobody else depends on
  std::int64_t todo_by_owner = 0;
  std::int64_t todo_by_member = 0;
  std::int64_t todo_assigned_to_member = 0;
  std::int64_t personal_todo_of_owner = 0;
  std::int64_t event_by_owner = 0;
  std::int64_t event_by_member = 0;
  std::int64_t series_by_owner = 0;  // daily from 2026-12-01T10:00:00Z
  std::int64_t series_by_member = 0;
};

struct Cell {
  std::string name;
  std::string method;
  std::function<std::string(const World&)> path;
  nlohmann::json body;
  std::array<int, 5> expected;  // owner, admin, member, viewer, outsider
};

std::string id(std::int64_t v) {
  return std::to_string(v);
}

class RbacMatrix : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    for (int a = owner; a <= outsider; ++a) {
      auto signed_in = register_user(kActorNames[a]);
      tokens_[a] = signed_in["access_token"];
      users_[a] = signed_in["user"]["id"];
    }
    for (int i = 0;; ++i) {
      auto extra = register_user("extra" + std::to_string(i));
      extra_users_.push_back(extra["user"]["id"]);
      if (i == 2) break;
    }
  }

  Principal as(Actor a) const { return Principal{users_[a], {}}; }

  World build_world() {
    World w;
    auto& teams = app_->teams();
    auto team = teams.create(as(owner), "Team " + std::to_string(++worlds_));
    w.team = team->team.id;
    EXPECT_TRUE(teams.add_member(as(owner), w.team, "admin@example.com", store::Role::admin));
    EXPECT_TRUE(teams.add_member(as(owner), w.team, "member@example.com", store::Role::member));
    EXPECT_TRUE(teams.add_member(as(owner), w.team, "viewer@example.com", store::Role::viewer));
    EXPECT_TRUE(teams.add_member(as(owner), w.team, "extra0@example.com", store::Role::member));
    w.spare_user = extra_users_[0];

    auto& todos = app_->todos();
    auto team_todo = [&](Actor by, std::optional<std::int64_t> assignee) {
      productivity::NewTodo t;
      t.title = "team todo";
      t.team_id = w.team;
      t.assignee_id = assignee;
      return todos.create(as(by), t)->id;
    };
    w.todo_by_owner = team_todo(owner, std::nullopt);
    w.todo_by_member = team_todo(member, std::nullopt);
    w.todo_assigned_to_member = team_todo(owner, users_[member]);
    productivity::NewTodo personal;
    personal.title = "mine";
    w.personal_todo_of_owner = todos.create(as(owner), personal)->id;

    auto team_event = [&](Actor by, std::string rrule = "") {
      productivity::NewEvent e;
      e.title = "team event";
      e.team_id = w.team;
      e.start = *parse_rfc3339("2026-12-01T10:00:00Z");
      e.end = *parse_rfc3339("2026-12-01T11:00:00Z");
      e.rrule = std::move(rrule);
      return app_->events().create(as(by), e)->id;
    };
    w.event_by_owner = team_event(owner);
    w.event_by_member = team_event(member);
    w.series_by_owner = team_event(owner, "FREQ=DAILY");
    w.series_by_member = team_event(member, "FREQ=DAILY");
    return w;
  }

  std::array<std::string, 5> tokens_;
  std::array<std::int64_t, 5> users_{};
  std::vector<std::int64_t> extra_users_;
  int worlds_ = 0;
};

TEST_F(RbacMatrix, EveryRoleOnEveryEndpoint) {
  const auto team = [](const World& w) { return "/api/v1/teams/" + id(w.team); };
  const auto members = [&](const World& w) { return team(w) + "/members"; };
  const auto todo = [](std::int64_t World::*field) {
    return [field](const World& w) { return "/api/v1/todos/" + id(w.*field); };
  };
  const auto event = [](std::int64_t World::*field) {
    return [field](const World& w) { return "/api/v1/events/" + id(w.*field); };
  };
  const auto occurrence = [&](std::int64_t World::*field) {
    return [=](const World& w) { return event(field)(w) + "/occurrences/2026-12-02T10:00:00Z"; };
  };
  const nlohmann::json new_event = {{"title", "e"}, {"start", "2026-12-02T10:00:00Z"}};
  const std::string range = "from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z";

  const std::vector<Cell> cells = {
      {"read team", "GET", team, nullptr, {200, 200, 200, 200, 404}},
      {"delete team", "DELETE", team, nullptr, {204, 403, 403, 403, 404}},
      {"list members", "GET", members, nullptr, {200, 200, 200, 200, 404}},
      {"add member",
       "POST",
       members,
       {{"email", "extra1@example.com"}, {"role", "member"}},
       {201, 201, 403, 403, 404}},
      {"add viewer",
       "POST",
       members,
       {{"email", "extra1@example.com"}, {"role", "viewer"}},
       {201, 201, 403, 403, 404}},
      {"add admin",
       "POST",
       members,
       {{"email", "extra1@example.com"}, {"role", "admin"}},
       {201, 403, 403, 403, 404}},
      {"add existing",
       "POST",
       members,
       {{"email", "member@example.com"}, {"role", "member"}},
       {409, 409, 403, 403, 404}},
      {"demote member",
       "PATCH",
       [&](const World& w) { return members(w) + "/" + id(w.spare_user); },
       {{"role", "viewer"}},
       {200, 200, 403, 403, 404}},
      {"promote to admin",
       "PATCH",
       [&](const World& w) { return members(w) + "/" + id(w.spare_user); },
       {{"role", "admin"}},
       {200, 403, 403, 403, 404}},
      {"demote admin",
       "PATCH",
       [&](const World& w) { return members(w) + "/" + id(users_[admin]); },
       {{"role", "member"}},
       {200, 403, 403, 403, 404}},
      {"demote last owner",
       "PATCH",
       [&](const World& w) { return members(w) + "/" + id(users_[owner]); },
       {{"role", "admin"}},
       {409, 403, 403, 403, 404}},
      {"remove member",
       "DELETE",
       [&](const World& w) { return members(w) + "/" + id(w.spare_user); },
       nullptr,
       {204, 204, 403, 403, 404}},
      {"remove admin",
       "DELETE",
       [&](const World& w) { return members(w) + "/" + id(users_[admin]); },
       nullptr,
       {204, 204, 403, 403, 404}},
      {"remove owner",
       "DELETE",
       [&](const World& w) { return members(w) + "/" + id(users_[owner]); },
       nullptr,
       {409, 403, 403, 403, 404}},
      {"create team todo",
       "POST",
       [](const World&) { return std::string("/api/v1/todos"); },
       nullptr,
       {201, 201, 201, 403, 404}},
      {"list team todos",
       "GET",
       [](const World& w) { return "/api/v1/todos?team_id=" + id(w.team); },
       nullptr,
       {200, 200, 200, 200, 404}},
      {"read team todo", "GET", todo(&World::todo_by_owner), nullptr, {200, 200, 200, 200, 404}},
      {"edit others' todo",
       "PATCH",
       todo(&World::todo_by_owner),
       {{"title", "x"}},
       {200, 200, 403, 403, 404}},
      {"edit own todo",
       "PATCH",
       todo(&World::todo_by_member),
       {{"title", "x"}},
       {200, 200, 200, 403, 404}},
      {"edit assigned todo",
       "PATCH",
       todo(&World::todo_assigned_to_member),
       {{"title", "x"}},
       {200, 200, 200, 403, 404}},
      {"complete others' todo",
       "POST",
       [](const World& w) { return "/api/v1/todos/" + id(w.todo_by_owner) + "/complete"; },
       nullptr,
       {200, 200, 403, 403, 404}},
      {"complete assigned todo",
       "POST",
       [](const World& w) {
         return "/api/v1/todos/" + id(w.todo_assigned_to_member) + "/complete";
       },
       nullptr,
       {200, 200, 200, 403, 404}},
      {"delete others' todo",
       "DELETE",
       todo(&World::todo_by_owner),
       nullptr,
       {204, 204, 403, 403, 404}},
      {"delete own todo",
       "DELETE",
       todo(&World::todo_by_member),
       nullptr,
       {204, 204, 204, 403, 404}},
      {"read personal todo",
       "GET",
       todo(&World::personal_todo_of_owner),
       nullptr,
       {200, 404, 404, 404, 404}},
      {"edit personal todo",
       "PATCH",
       todo(&World::personal_todo_of_owner),
       {{"title", "x"}},
       {200, 404, 404, 404, 404}},
      {"delete personal todo",
       "DELETE",
       todo(&World::personal_todo_of_owner),
       nullptr,
       {204, 404, 404, 404, 404}},
      {"create team event",
       "POST",
       [](const World&) { return std::string("/api/v1/events"); },
       nullptr,
       {201, 201, 201, 403, 404}},
      {"list team events",
       "GET",
       [&](const World& w) { return "/api/v1/events?team_id=" + id(w.team) + "&" + range; },
       nullptr,
       {200, 200, 200, 200, 404}},
      {"read team event", "GET", event(&World::event_by_owner), nullptr, {200, 200, 200, 200, 404}},
      {"edit others' event",
       "PATCH",
       event(&World::event_by_owner),
       {{"title", "x"}},
       {200, 200, 403, 403, 404}},
      {"edit own event",
       "PATCH",
       event(&World::event_by_member),
       {{"title", "x"}},
       {200, 200, 200, 403, 404}},
      {"delete others' event",
       "DELETE",
       event(&World::event_by_owner),
       nullptr,
       {204, 204, 403, 403, 404}},
      {"delete own event",
       "DELETE",
       event(&World::event_by_member),
       nullptr,
       {204, 204, 204, 403, 404}},
      {"cancel an occurrence of others' event",
       "DELETE",
       occurrence(&World::series_by_owner),
       nullptr,
       {204, 204, 403, 403, 404}},
      {"cancel an occurrence of own event",
       "DELETE",
       occurrence(&World::series_by_member),
       nullptr,
       {204, 204, 204, 403, 404}},
      {"move an occurrence of others' event",
       "PATCH",
       occurrence(&World::series_by_owner),
       {{"title", "x"}},
       {200, 200, 403, 403, 404}},
      {"move an occurrence of own event",
       "PATCH",
       occurrence(&World::series_by_member),
       {{"title", "x"}},
       {200, 200, 200, 403, 404}},
  };

  for (const auto& cell : cells) {
    for (int a = owner; a <= outsider; ++a) {
      const World w = build_world();
      nlohmann::json body = cell.body;
      if (cell.name == "create team todo") body = {{"title", "t"}, {"team_id", w.team}};
      if (cell.name == "create team event") {
        body = new_event;
        body["team_id"] = w.team;
      }
      const auto reply = call(cell.method, cell.path(w), body, tokens_[a]);
      EXPECT_EQ(reply.status, cell.expected[a])
          << cell.name << " as " << kActorNames[a] << ": " << reply.raw.body;
    }
  }
}

TEST_F(RbacMatrix, TeamListingShowsOnlyMyTeamsWithMyRole) {
  const World w = build_world();
  auto as_viewer = call("GET", "/api/v1/teams", nullptr, tokens_[viewer]);
  ASSERT_EQ(as_viewer.status, 200);
  ASSERT_EQ(as_viewer.body["items"].size(), 1u);
  EXPECT_EQ(as_viewer.body["items"][0]["id"], w.team);
  EXPECT_EQ(as_viewer.body["items"][0]["role"], "viewer");
  EXPECT_EQ(call("GET", "/api/v1/teams", nullptr, tokens_[outsider]).body["items"].size(), 0u);
}

TEST_F(RbacMatrix, AssigneeMustBelongToTheTeam) {
  const World w = build_world();
  auto outside = call("POST", "/api/v1/todos",
                      {{"title", "t"}, {"team_id", w.team}, {"assignee_id", users_[outsider]}},
                      tokens_[owner]);
  EXPECT_EQ(outside.status, 422);
  // A viewer cannot work on items, so cannot be given one.
  auto to_viewer =
      call("POST", "/api/v1/todos",
           {{"title", "t"}, {"team_id", w.team}, {"assignee_id", users_[viewer]}}, tokens_[owner]);
  EXPECT_EQ(to_viewer.status, 422);
  auto inside =
      call("POST", "/api/v1/todos",
           {{"title", "t"}, {"team_id", w.team}, {"assignee_id", users_[member]}}, tokens_[owner]);
  EXPECT_EQ(inside.status, 201);
}

}  // namespace
}  // namespace convonet::testing
