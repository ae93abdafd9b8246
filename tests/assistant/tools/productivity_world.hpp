#pragma once
// The world the tool, LLM and dialogue tests act in: an in-memory SQLite database, the
// productivity services on a manual clock, and the tool registry over them.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "assistant/tools/productivity_tools.hpp"
#include "store/repositories.hpp"

namespace convonet::assistant::testing {

// The value, or a test failure (as an exception) with the error's message.
template <class T>
T must(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(result).value();
}

struct ProductivityWorld {
  ProductivityWorld() {
    db = must(store::open_database("sqlite://:memory:"));
    must(store::migrate(*db));
    teams.emplace(*db, clock);
    todos.emplace(*db, clock);
    events.emplace(*db, clock);
    add_productivity_tools(tools, ProductivityServices{*teams, *todos, *events, *db, clock});
  }

  // name: the email's local part unless given.
  store::Id add_user(const std::string& email, std::string name = {},
                     const std::string& timezone = "Europe/London") {
    if (name.empty()) name = email.substr(0, email.find('@'));
    return must(db->transact(store::TxMode::write,
                             [&](store::Session& s) -> Result<store::User> {
                               store::User u;
                               u.email = email;
                               u.name = name;
                               u.password_hash = "unused";
                               u.timezone = timezone;
                               u.created_at = u.updated_at = clock.now();
                               return store::users::insert(s, u);
                             }))
        .id;
  }

  // A team "Sales" that owner owns and viewer (already users) can only read; returns its id.
  store::Id add_sales_team(store::Id owner, const std::string& viewer_email) {
    const Principal principal{owner, {}};
    const auto team = must(teams->create(principal, "Sales")).team.id;
    must(teams->add_member(principal, team, viewer_email, store::Role::viewer));
    return team;
  }

  ManualClock clock{*parse_rfc3339("2026-11-24T10:00:00Z")};  // a Tuesday
  std::unique_ptr<store::Database> db;
  std::optional<productivity::TeamService> teams;
  std::optional<productivity::TodoService> todos;
  std::optional<productivity::EventService> events;
  ToolRegistry tools;
};

// A test fixture in that world, its parts under short names.
class WorldTest : public ::testing::Test {
 protected:
  ProductivityWorld world_;
  ManualClock& clock_ = world_.clock;
  std::unique_ptr<store::Database>& db_ = world_.db;
  std::optional<productivity::TeamService>& teams_ = world_.teams;
  std::optional<productivity::TodoService>& todos_ = world_.todos;
  std::optional<productivity::EventService>& events_ = world_.events;
  ToolRegistry& tools_ = world_.tools;
};

}  // namespace convonet::assistant::testing
