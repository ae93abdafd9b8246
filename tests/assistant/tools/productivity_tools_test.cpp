// The productivity tools over a real (SQLite) store: results match the declared output
// schemas, roles apply, and a reminder is a todo plus a linked event or nothing at all.
#include "assistant/tools/productivity_tools.hpp"

#include <gtest/gtest.h>

#include <set>

#include "assistant/tools/json_schema.hpp"
#include "assistant/tools/productivity_world.hpp"
#include "store/repositories.hpp"

namespace convonet::assistant {
namespace {

using nlohmann::json;

class ProductivityTools : public testing::WorldTest {
 protected:
  void SetUp() override {
    owner_ = add_user("owner@example.com");
    viewer_ = add_user("viewer@example.com");
    team_ = world_.add_sales_team(owner_, "viewer@example.com");
  }

  store::Id add_user(const std::string& email) { return world_.add_user(email); }

  // Calls a tool and checks the result against the tool's declared output schema.
  Result<json> call(const std::string& name, store::Id user, const json& input) {
    auto result = tools_.call(name, Principal{user, {}}, input);
    if (result) {
      const auto* tool = tools_.find(name);
      auto conforms = validate(tool->output_schema, *result, "output");
      EXPECT_TRUE(conforms) << name << ": " << (conforms ? "" : conforms.error().message) << "\n"
                            << result->dump();
    }
    return result;
  }

  std::size_t count(const char* table) {
    auto n = db_->transact(store::TxMode::read, [&](store::Session& s) -> Result<std::int64_t> {
      return s.query_one(std::string("SELECT COUNT(*) FROM ") + table)->integer(0);
    });
    return static_cast<std::size_t>(*n);
  }

  store::Id owner_ = 0, viewer_ = 0, team_ = 0;
};

TEST_F(ProductivityTools, DeclaresTheIssuesToolSet) {
  std::set<std::string> names;
  for (const auto& tool : tools_.tools()) {
    names.insert(tool.name);
    EXPECT_FALSE(tool.description.empty()) << tool.name;
  }
  EXPECT_EQ(names, (std::set<std::string>{"create_todo", "list_todos", "update_todo",
                                          "complete_todo", "delete_todo", "create_event",
                                          "list_events", "update_event", "delete_event",
                                          "create_reminder", "list_teams", "list_team_members"}));
  EXPECT_TRUE(tools_.find("list_events")->hints.read_only);
  EXPECT_TRUE(tools_.find("delete_todo")->hints.destructive);
  EXPECT_EQ(tools_.openai_tools().size(), names.size());
}

TEST_F(ProductivityTools, TodoLifecycle) {
  auto created =
      call("create_todo", owner_,
           {{"title", "Call John"}, {"due_at", "2026-11-25T14:00:00Z"}, {"priority", "high"}});
  ASSERT_TRUE(created) << created.error().message;
  const store::Id id = (*created)["todo"]["id"];
  EXPECT_EQ((*created)["todo"]["priority"], "high");

  auto cleared =
      call("update_todo", owner_, {{"id", id}, {"due_at", nullptr}, {"title", "Call John back"}});
  ASSERT_TRUE(cleared) << cleared.error().message;
  EXPECT_TRUE((*cleared)["todo"]["due_at"].is_null());
  EXPECT_EQ((*cleared)["todo"]["title"], "Call John back");

  ASSERT_TRUE(call("complete_todo", owner_, {{"id", id}}));
  auto open = call("list_todos", owner_, {{"status", "open"}});
  ASSERT_TRUE(open);
  EXPECT_TRUE((*open)["items"].empty());
  auto done = call("list_todos", owner_, {{"status", "done"}});
  ASSERT_EQ((*done)["items"].size(), 1u);

  auto deleted = call("delete_todo", owner_, {{"id", id}});
  ASSERT_TRUE(deleted);
  EXPECT_EQ((*deleted)["deleted"], true);
  EXPECT_EQ(count("todos"), 0u);
}

TEST_F(ProductivityTools, InputIsValidatedAndRolesApply) {
  auto invalid = call("create_todo", owner_, {{"title", ""}});
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().kind, ErrorKind::unprocessable);

  auto viewer = call("create_todo", viewer_, {{"title", "x"}, {"team_id", team_}});
  ASSERT_FALSE(viewer);
  EXPECT_EQ(viewer.error().kind, ErrorKind::forbidden);

  auto stranger = call("list_team_members", add_user("x@example.com"), {{"team_id", team_}});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().kind, ErrorKind::not_found);

  auto members = call("list_team_members", viewer_, {{"team_id", team_}});
  ASSERT_TRUE(members);
  EXPECT_EQ((*members)["items"].size(), 2u);
  auto teams = call("list_teams", viewer_, json::object());
  ASSERT_TRUE(teams);
  EXPECT_EQ((*teams)["items"][0]["role"], "viewer");
}

TEST_F(ProductivityTools, ReminderIsATodoAndALinkedEvent) {
  auto reminder = call("create_reminder", owner_,
                       {{"title", "Follow up with John"}, {"at", "2026-11-25T14:00:00Z"}});
  ASSERT_TRUE(reminder) << reminder.error().message;
  const auto& todo = (*reminder)["todo"];
  const auto& event = (*reminder)["event"];
  EXPECT_EQ(todo["due_at"], "2026-11-25T14:00:00Z");
  EXPECT_EQ(todo["event_id"], event["id"]);
  EXPECT_EQ(event["start"], "2026-11-25T14:00:00Z");
  EXPECT_EQ(event["end"], "2026-11-25T14:15:00Z");
  EXPECT_EQ(event["reminder_minutes"], 0);

  auto agenda = call("list_events", owner_,
                     {{"from", "2026-11-25T00:00:00Z"}, {"to", "2026-11-26T00:00:00Z"}});
  ASSERT_TRUE(agenda);
  ASSERT_EQ((*agenda)["items"].size(), 1u);
  EXPECT_EQ((*agenda)["items"][0]["title"], "Follow up with John");

  // A viewer's team reminder fails as a whole: no event is left behind without its todo.
  const auto events_before = count("events");
  auto refused = call("create_reminder", viewer_,
                      {{"title", "x"}, {"at", "2026-11-25T14:00:00Z"}, {"team_id", team_}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(count("events"), events_before);
  EXPECT_EQ(count("todos"), 1u);
}

TEST_F(ProductivityTools, EventsUpdateAndDefaultAgendaWindow) {
  auto created = call("create_event", owner_,
                      {{"title", "Standup"},
                       {"start", "2026-11-24T09:30:00Z"},
                       {"rrule", "FREQ=DAILY;COUNT=10"},
                       {"reminder_minutes", 5}});
  ASSERT_TRUE(created) << created.error().message;
  const store::Id id = (*created)["event"]["id"];
  auto moved = call("update_event", owner_,
                    {{"id", id}, {"start", "2026-11-24T10:30:00Z"}, {"reminder_minutes", nullptr}});
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ((*moved)["event"]["end"], "2026-11-24T11:30:00Z");
  EXPECT_TRUE((*moved)["event"]["reminder_minutes"].is_null());

  // Default window: from now (10:00) for 7 days -> today's 10:30 and the next six days.
  auto agenda = call("list_events", owner_, json::object());
  ASSERT_TRUE(agenda);
  EXPECT_EQ((*agenda)["items"].size(), 7u);
  EXPECT_EQ((*agenda)["items"][0]["start"], "2026-11-24T10:30:00Z");

  ASSERT_TRUE(call("delete_event", owner_, {{"id", id}}));
  EXPECT_EQ(count("events"), 0u);
}

TEST_F(ProductivityTools, OneOccurrenceIsCancelledOrMovedByItsStart) {
  auto created = call("create_event", owner_,
                      {{"title", "Standup"},
                       {"start", "2026-11-30T09:00:00Z"},
                       {"end", "2026-11-30T09:15:00Z"},
                       {"attendees", {"kim@example.com"}},
                       {"rrule", "FREQ=WEEKLY;BYDAY=MO,WE,FR"},
                       {"timezone", "UTC"}});
  ASSERT_TRUE(created) << created.error().message;
  const store::Id id = (*created)["event"]["id"];
  EXPECT_NE(tools_.find("delete_event")->description.find("occurrence_start"), std::string::npos);

  auto cancelled =
      call("delete_event", owner_, {{"id", id}, {"occurrence_start", "2026-12-02T09:00:00Z"}});
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(*cancelled, (json{{"deleted", true},
                              {"id", id},
                              {"occurrence_start", "2026-12-02T09:00:00Z"},
                              {"event_deleted", false}}));

  auto moved = call("update_event", owner_,
                    {{"id", id},
                     {"occurrence_start", "2026-12-04T09:00:00Z"},
                     {"start", "2026-12-04T11:00:00Z"}});
  ASSERT_TRUE(moved) << moved.error().message;
  const json& copy = (*moved)["event"];
  EXPECT_NE(copy["id"], id);
  EXPECT_EQ(copy["start"], "2026-12-04T11:00:00Z");
  EXPECT_EQ(copy["end"], "2026-12-04T11:15:00Z");
  EXPECT_TRUE(copy["rrule"].is_null());
  EXPECT_EQ(copy["attendees"], json::array({"kim@example.com"}));

  auto agenda = call("list_events", owner_,
                     {{"from", "2026-11-30T00:00:00Z"}, {"to", "2026-12-07T00:00:00Z"}});
  ASSERT_TRUE(agenda);
  std::vector<std::string> starts;
  for (const auto& item : (*agenda)["items"]) starts.push_back(item["start"]);
  EXPECT_EQ(starts, (std::vector<std::string>{"2026-11-30T09:00:00Z", "2026-12-04T11:00:00Z"}));
  EXPECT_EQ((*agenda)["items"][0]["exdates"],
            json::array({"2026-12-02T09:00:00Z", "2026-12-04T09:00:00Z"}));

  // An occurrence change is not a series change, and the start must be an occurrence's.
  auto repeat = call("update_event", owner_,
                     {{"id", id}, {"occurrence_start", "2026-12-07T09:00:00Z"}, {"rrule", ""}});
  ASSERT_FALSE(repeat);
  EXPECT_EQ(repeat.error().code, "series_change");
  auto nowhere =
      call("delete_event", owner_, {{"id", id}, {"occurrence_start", "2026-12-08T09:00:00Z"}});
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().code, "not_an_occurrence");
  auto malformed = call("delete_event", owner_, {{"id", id}, {"occurrence_start", "monday"}});
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(count("events"), 2u);
}

}  // namespace
}  // namespace convonet::assistant
