// The storage contract: every backend must pass every test here unchanged.
#include <gtest/gtest.h>

#include <stdexcept>

#include "backend_fixture.hpp"
#include "store/repositories.hpp"

namespace convonet::store::testing {
namespace {

using ::testing::Values;

class StoreContract : public BackendTest {
 protected:
  User make_user(const std::string& email, std::vector<std::string> phones = {}) {
    User user;
    user.email = email;
    user.name = "Name of " + email;
    user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$salt$hash";
    user.timezone = "Europe/London";
    user.phone_numbers = std::move(phones);
    user.created_at = at(1000);
    user.updated_at = at(1000);
    return user;
  }

  Id add_user(const std::string& email, std::vector<std::string> phones = {}) {
    return write([&](Session& s) { return users::insert(s, make_user(email, phones)).id; });
  }

  Id add_team(const std::string& name, Id owner) {
    return write([&](Session& s) {
      Team team;
      team.name = name;
      team.created_by = owner;
      team.created_at = at(2000);
      Id id = teams::insert(s, team).id;
      teams::add_member(s, id, owner, Role::owner, at(2000));
      return id;
    });
  }

  Id add_todo(Id creator, std::optional<Id> team, const std::string& title) {
    return write([&](Session& s) {
      Todo todo;
      todo.creator_id = creator;
      todo.team_id = team;
      todo.title = title;
      todo.created_at = at(3000);
      return todos::insert(s, todo).id;
    });
  }

  Id add_event(Id creator, std::optional<Id> team, std::int64_t start, std::int64_t end,
               std::string rrule = "") {
    return write([&](Session& s) {
      Event e;
      e.creator_id = creator;
      e.team_id = team;
      e.title = "e";
      e.start = at(start);
      e.end = at(end);
      e.rrule = std::move(rrule);
      return events::insert(s, e).id;
    });
  }

  std::int64_t count(const std::string& table) {
    return read(
        [&](Session& s) { return s.query_one("SELECT COUNT(*) FROM " + table)->integer(0); });
  }
};

// --- migrations ---------------------------------------------------------------------------

TEST_P(StoreContract, MigrationsApplyOnceAndAreIdempotent) {
  EXPECT_GE(latest_schema_version(), 1);
  EXPECT_EQ(first_migrate_count, latest_schema_version());
  auto again = migrate(*db);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0);
  auto version = read([](Session& s) {
    return s.query_one("SELECT MAX(version) FROM schema_migrations")->integer(0);
  });
  EXPECT_EQ(version, latest_schema_version());
  EXPECT_EQ(count("schema_migrations"), latest_schema_version());
}

TEST_P(StoreContract, ASchemaNewerThanTheBinaryIsRefused) {
  const std::int64_t future = latest_schema_version() + 1;
  ASSERT_TRUE(db->transact(TxMode::write, [&](Session& s) -> Result<bool> {
                  s.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)",
                            {future});
                  return true;
                }).ok());
  auto refused = migrate(*db);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(refused.error().code, "schema_too_new");
  EXPECT_NE(refused.error().message.find(std::to_string(future)), std::string::npos);
  ASSERT_TRUE(db->transact(TxMode::write, [&](Session& s) -> Result<bool> {
                  s.execute("DELETE FROM schema_migrations WHERE version = ?", {future});
                  return true;
                }).ok());
  EXPECT_TRUE(migrate(*db).ok());
}

TEST_P(StoreContract, PingSucceeds) {
  EXPECT_TRUE(db->ping());
}

// --- users --------------------------------------------------------------------------------

TEST_P(StoreContract, UserRoundTripsWithNullsAndPhones) {
  User inserted = write([&](Session& s) {
    return users::insert(s, make_user("ann@example.com", {"+441234567890", "+15550001111"}));
  });
  EXPECT_GT(inserted.id, 0);

  auto found = read([&](Session& s) { return users::by_id(s, inserted.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->email, "ann@example.com");
  EXPECT_EQ(found->name, "Name of ann@example.com");
  EXPECT_EQ(found->password_hash, inserted.password_hash);
  EXPECT_EQ(found->timezone, "Europe/London");
  EXPECT_EQ(found->phone_numbers, (std::vector<std::string>{"+441234567890", "+15550001111"}));
  EXPECT_EQ(found->pin_hash, std::nullopt);
  EXPECT_EQ(found->pin_failed_attempts, 0);
  EXPECT_EQ(found->pin_locked_until, std::nullopt);
  EXPECT_EQ(found->feed_token_hash, std::nullopt);
  EXPECT_EQ(found->created_at, at(1000));
  EXPECT_EQ(found->updated_at, at(1000));

  auto by_email = read([](Session& s) { return users::by_email(s, "ann@example.com"); });
  ASSERT_TRUE(by_email);
  EXPECT_EQ(by_email->id, inserted.id);
  auto by_phone = read([](Session& s) { return users::by_phone(s, "+15550001111"); });
  ASSERT_TRUE(by_phone);
  EXPECT_EQ(by_phone->id, inserted.id);
  EXPECT_EQ(by_phone->phone_numbers.size(), 2u);

  EXPECT_FALSE(read([](Session& s) { return users::by_email(s, "nobody@example.com"); }));
  EXPECT_FALSE(read([](Session& s) { return users::by_phone(s, "+10000000000"); }));
  EXPECT_FALSE(read([](Session& s) { return users::by_id(s, 987654); }));
}

TEST_P(StoreContract, UserUpdateSetsFieldsAndReplacesPhones) {
  User user =
      write([&](Session& s) { return users::insert(s, make_user("bo@example.com", {"+1111"})); });
  user.name = "Bo";
  user.timezone = "America/New_York";
  user.password_hash = "new-hash";
  user.pin_hash = "abcdef";
  user.pin_failed_attempts = 3;
  user.pin_locked_until = at(5000);
  user.feed_token_hash = "feedhash";
  user.updated_at = at(4000);
  user.phone_numbers = {"+2222", "+3333"};
  write([&](Session& s) { users::update(s, user); });

  auto found = read([&](Session& s) { return users::by_feed_token_hash(s, "feedhash"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, user.id);
  EXPECT_EQ(found->name, "Bo");
  EXPECT_EQ(found->timezone, "America/New_York");
  EXPECT_EQ(found->password_hash, "new-hash");
  EXPECT_EQ(found->pin_hash, "abcdef");
  EXPECT_EQ(found->pin_failed_attempts, 3);
  EXPECT_EQ(found->pin_locked_until, at(5000));
  EXPECT_EQ(found->updated_at, at(4000));
  EXPECT_EQ(found->created_at, at(1000));
  EXPECT_EQ(found->phone_numbers, (std::vector<std::string>{"+2222", "+3333"}));
  EXPECT_FALSE(read([](Session& s) { return users::by_phone(s, "+1111"); }));

  // And back to NULL.
  user.pin_hash.reset();
  user.pin_locked_until.reset();
  user.feed_token_hash.reset();
  write([&](Session& s) { users::update(s, user); });
  found = read([&](Session& s) { return users::by_id(s, user.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->pin_hash, std::nullopt);
  EXPECT_EQ(found->pin_locked_until, std::nullopt);
  EXPECT_EQ(found->feed_token_hash, std::nullopt);
}

TEST_P(StoreContract, DuplicateEmailIsAConflictWithoutLeakingTheValue) {
  add_user("dup@example.com");
  auto result = db->transact(TxMode::write, [&](Session& s) -> Result<Id> {
    return users::insert(s, make_user("dup@example.com")).id;
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(result.error().code, "conflict");
  EXPECT_FALSE(result.error().message.empty());
  EXPECT_EQ(result.error().message.find("dup@example.com"), std::string::npos);
  EXPECT_EQ(result.error().message.find("INSERT"), std::string::npos);
  EXPECT_EQ(count("users"), 1);
}

TEST_P(StoreContract, DuplicatePhoneIsAConflictAndRollsBackTheWholeUser) {
  add_user("first@example.com", {"+4400"});
  auto result = db->transact(TxMode::write, [&](Session& s) -> Result<Id> {
    return users::insert(s, make_user("second@example.com", {"+4401", "+4400"})).id;
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(count("users"), 1);
  EXPECT_EQ(count("user_phones"), 1);
  EXPECT_FALSE(read([](Session& s) { return users::by_email(s, "second@example.com"); }));
}

// --- transactions ---------------------------------------------------------------------------

TEST_P(StoreContract, ErrorValueRollsBackEverything) {
  auto result = db->transact(TxMode::write, [&](Session& s) -> Result<Id> {
    Id id = users::insert(s, make_user("gone@example.com", {"+999"})).id;
    EXPECT_TRUE(users::by_id(s, id));  // visible inside the transaction
    return Error::unprocessable("changed my mind");
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(result.error().message, "changed my mind");
  EXPECT_EQ(count("users"), 0);
  EXPECT_EQ(count("user_phones"), 0);
}

TEST_P(StoreContract, ExceptionRollsBackAndPropagates) {
  EXPECT_THROW((void)db->transact(TxMode::write,
                                  [&](Session& s) -> Status {
                                    users::insert(s, make_user("boom@example.com", {"+777"}));
                                    throw std::logic_error("boom");
                                  }),
               std::logic_error);
  EXPECT_EQ(count("users"), 0);
  EXPECT_EQ(count("user_phones"), 0);
  // The connection went back to the pool in a usable state.
  add_user("after@example.com");
  EXPECT_EQ(count("users"), 1);
}

TEST_P(StoreContract, ConstraintFailureMidTransactionLeavesNothingHalfWritten) {
  add_user("taken@example.com");
  auto result = db->transact(TxMode::write, [&](Session& s) -> Status {
    Id owner = users::insert(s, make_user("fresh@example.com")).id;
    Team team;
    team.name = "half";
    team.created_by = owner;
    teams::insert(s, team);
    users::insert(s, make_user("taken@example.com"));  // throws DbError
    return {};
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(count("users"), 1);
  EXPECT_EQ(count("teams"), 0);
}

TEST_P(StoreContract, ForeignKeyViolationIsAConflict) {
  auto result = db->transact(TxMode::write, [&](Session& s) -> Result<Id> {
    Todo todo;
    todo.creator_id = 424242;  // no such user
    todo.title = "orphan";
    return todos::insert(s, todo).id;
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(result.error().code, "conflict");
  EXPECT_EQ(count("todos"), 0);

  Id user = add_user("member@example.com");
  auto membership = db->transact(TxMode::write, [&](Session& s) -> Status {
    teams::add_member(s, 31337, user, Role::member, at(1));
    return {};
  });
  ASSERT_FALSE(membership.ok());
  EXPECT_EQ(membership.error().kind, ErrorKind::conflict);
}

TEST_P(StoreContract, QueryOneReturnsNothingForNoRows) {
  auto row = read([](Session& s) { return s.query_one("SELECT id FROM users WHERE id = ?", {1}); });
  EXPECT_FALSE(row);
}

TEST_P(StoreContract, EachReadsRowsInOrderWithoutCopyingThem) {
  Id a = add_user("a@example.com");
  Id b = add_user("b@example.com");
  write([&](Session& s) {
    return s.execute("UPDATE users SET pin_hash = ? WHERE id = ?", {std::string("hash of b"), b});
  });
  struct Seen {
    Id id;
    std::optional<std::string> pin_hash;
    std::string email;
  };
  auto seen = read([&](Session& s) {
    std::vector<Seen> rows;
    s.each("SELECT id, pin_hash, email FROM users WHERE id >= ? ORDER BY id", {a},
           [&](const RowReader& row) {
             EXPECT_EQ(row.size(), 3u);
             std::optional<std::string> pin;
             if (!row.is_null(1)) pin = std::string(row.text(1));
             rows.push_back({row.integer(0), pin, std::string(row.text(2))});
           });
    return rows;
  });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].id, a);
  EXPECT_EQ(seen[0].pin_hash, std::nullopt);
  EXPECT_EQ(seen[0].email, "a@example.com");
  EXPECT_EQ(seen[1].id, b);
  EXPECT_EQ(seen[1].pin_hash, std::string("hash of b"));
  EXPECT_EQ(seen[1].email, "b@example.com");
}

TEST_P(StoreContract, EachChecksColumnTypesLikeRow) {
  add_user("a@example.com");
  auto outcome = [&](auto read_column) {
    return db->transact(TxMode::read, [&](Session& s) -> Status {
      s.each("SELECT id, email, pin_hash FROM users", {},
             [&](const RowReader& row) { read_column(row); });
      return {};
    });
  };
  auto text_as_integer = outcome([](const RowReader& row) { (void)row.integer(1); });
  ASSERT_FALSE(text_as_integer.ok());
  EXPECT_EQ(text_as_integer.error().kind, ErrorKind::internal);
  EXPECT_FALSE(outcome([](const RowReader& row) { (void)row.text(0); }).ok());
  EXPECT_FALSE(outcome([](const RowReader& row) { (void)row.text(2); }).ok());  // NULL
  EXPECT_FALSE(outcome([](const RowReader& row) { (void)row.integer(3); }).ok());
  EXPECT_TRUE(
      outcome([](const RowReader& row) { EXPECT_EQ(row.opt_integer(2), std::nullopt); }).ok());
}

TEST_P(StoreContract, EachStopsAtAnExceptionAndLeavesTheSessionUsable) {
  add_user("a@example.com");
  add_user("b@example.com");
  auto count_after_throw = read([&](Session& s) {
    int calls = 0;
    EXPECT_THROW(s.each("SELECT id FROM users ORDER BY id", {},
                        [&](const RowReader&) {
                          ++calls;
                          throw std::runtime_error("stop");
                        }),
                 std::runtime_error);
    EXPECT_EQ(calls, 1);
    return s.query("SELECT id FROM users ORDER BY id").size();
  });
  EXPECT_EQ(count_after_throw, 2u);
}

TEST_P(StoreContract, ExecuteReportsChangedRows) {
  Id a = add_user("a@example.com");
  add_user("b@example.com");
  auto changed = write([&](Session& s) {
    return s.execute("UPDATE users SET pin_failed_attempts = ? WHERE id >= ?", {5, a});
  });
  EXPECT_EQ(changed, 2);
}

TEST_P(StoreContract, LostConnectionIsUnavailableAndThenReplaced) {
  if (GetParam() != Backend::postgres) GTEST_SKIP() << "only a server connection can be lost";
  auto victim = open({.pool_size = 1});
  ASSERT_TRUE(victim.ok()) << victim.error().message;
  auto pid = (*victim)->transact(TxMode::read, [](Session& s) -> Result<std::int64_t> {
    return s.query_one("SELECT pg_backend_pid()")->integer(0);
  });
  ASSERT_TRUE(pid.ok());
  write([&](Session& s) { s.query("SELECT pg_terminate_backend(?)", {*pid}); });

  auto probe = [&] {
    return (*victim)->transact(TxMode::read, [](Session& s) -> Result<std::int64_t> {
      return s.query_one("SELECT 1")->integer(0);
    });
  };
  auto first = probe();
  if (!first.ok()) {
    EXPECT_EQ(first.error().kind, ErrorKind::unavailable);
  }
  auto second = probe();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, 1);
}

// --- teams --------------------------------------------------------------------------------

TEST_P(StoreContract, TeamsAndMemberships) {
  Id owner = add_user("owner@example.com");
  Id member = add_user("member@example.com");
  Id team_a = add_team("Alpha", owner);
  Id team_b = add_team("Beta", owner);

  auto team = read([&](Session& s) { return teams::by_id(s, team_a); });
  ASSERT_TRUE(team);
  EXPECT_EQ(team->name, "Alpha");
  EXPECT_EQ(team->created_by, owner);
  EXPECT_EQ(team->created_at, at(2000));
  EXPECT_FALSE(read([](Session& s) { return teams::by_id(s, 99999); }));

  write([&](Session& s) { teams::add_member(s, team_b, member, Role::viewer, at(2500)); });
  EXPECT_EQ(read([&](Session& s) { return teams::role_of(s, team_b, member); }), Role::viewer);
  EXPECT_EQ(read([&](Session& s) { return teams::role_of(s, team_a, member); }), std::nullopt);

  write([&](Session& s) { teams::set_role(s, team_b, member, Role::admin); });
  EXPECT_EQ(read([&](Session& s) { return teams::role_of(s, team_b, member); }), Role::admin);

  auto owner_teams = read([&](Session& s) { return teams::for_user(s, owner); });
  ASSERT_EQ(owner_teams.size(), 2u);
  EXPECT_EQ(owner_teams[0].first.id, team_a);
  EXPECT_EQ(owner_teams[0].first.name, "Alpha");
  EXPECT_EQ(owner_teams[0].second, Role::owner);
  EXPECT_EQ(owner_teams[1].first.id, team_b);

  auto members = read([&](Session& s) { return teams::members(s, team_b); });
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].user_id, owner);
  EXPECT_EQ(members[0].role, Role::owner);
  EXPECT_EQ(members[0].user_email, "owner@example.com");
  EXPECT_EQ(members[1].user_id, member);
  EXPECT_EQ(members[1].role, Role::admin);
  EXPECT_EQ(members[1].user_name, "Name of member@example.com");
  EXPECT_EQ(members[1].created_at, at(2500));
  EXPECT_EQ(members[1].team_id, team_b);

  auto again = db->transact(TxMode::write, [&](Session& s) -> Status {
    teams::add_member(s, team_b, member, Role::member, at(1));
    return {};
  });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);

  write([&](Session& s) { teams::remove_member(s, team_b, member); });
  EXPECT_EQ(read([&](Session& s) { return teams::role_of(s, team_b, member); }), std::nullopt);
  EXPECT_TRUE(read([&](Session& s) { return teams::for_user(s, member); }).empty());
}

TEST_P(StoreContract, RemovingATeamTakesItsMembershipsTodosAndEvents) {
  Id owner = add_user("owner@example.com");
  Id team = add_team("Doomed", owner);
  add_todo(owner, team, "team todo");
  Id personal = add_todo(owner, std::nullopt, "personal todo");
  write([&](Session& s) {
    Event event;
    event.team_id = team;
    event.creator_id = owner;
    event.title = "standup";
    event.start = at(100);
    event.end = at(200);
    return events::insert(s, event).id;
  });

  write([&](Session& s) { teams::remove(s, team); });
  EXPECT_FALSE(read([&](Session& s) { return teams::by_id(s, team); }));
  EXPECT_EQ(count("memberships"), 0);
  EXPECT_EQ(count("events"), 0);
  EXPECT_EQ(count("todos"), 1);
  EXPECT_TRUE(read([&](Session& s) { return todos::by_id(s, personal); }));
}

// --- todos --------------------------------------------------------------------------------

TEST_P(StoreContract, TodoRoundTripUpdateAndRemove) {
  Id owner = add_user("owner@example.com");
  Id helper = add_user("helper@example.com");
  Id team = add_team("T", owner);
  Id event = write([&](Session& s) {
    Event e;
    e.creator_id = owner;
    e.title = "review";
    e.start = at(10);
    e.end = at(20);
    return events::insert(s, e).id;
  });

  Todo todo = write([&](Session& s) {
    Todo t;
    t.creator_id = owner;
    t.title = "bare";
    t.created_at = at(3000);
    return todos::insert(s, t);
  });
  auto found = read([&](Session& s) { return todos::by_id(s, todo.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, "bare");
  EXPECT_EQ(found->notes, "");
  EXPECT_EQ(found->priority, Priority::normal);
  EXPECT_EQ(found->team_id, std::nullopt);
  EXPECT_EQ(found->due_at, std::nullopt);
  EXPECT_EQ(found->completed_at, std::nullopt);
  EXPECT_EQ(found->assignee_id, std::nullopt);
  EXPECT_EQ(found->event_id, std::nullopt);
  EXPECT_EQ(found->created_at, at(3000));
  EXPECT_EQ(found->updated_at, at(3000));

  todo.team_id = team;
  todo.title = "full";
  todo.notes = "with notes, 'quotes' and ? marks";
  todo.priority = Priority::urgent;
  todo.due_at = at(9000);
  todo.completed_at = at(8000);
  todo.assignee_id = helper;
  todo.event_id = event;
  todo.updated_at = at(3500);
  write([&](Session& s) { todos::update(s, todo); });
  found = read([&](Session& s) { return todos::by_id(s, todo.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->team_id, team);
  EXPECT_EQ(found->creator_id, owner);
  EXPECT_EQ(found->title, "full");
  EXPECT_EQ(found->notes, "with notes, 'quotes' and ? marks");
  EXPECT_EQ(found->priority, Priority::urgent);
  EXPECT_EQ(found->due_at, at(9000));
  EXPECT_EQ(found->completed_at, at(8000));
  EXPECT_EQ(found->assignee_id, helper);
  EXPECT_EQ(found->event_id, event);
  EXPECT_EQ(found->updated_at, at(3500));
  EXPECT_EQ(found->created_at, at(3000));

  // Deleting the linked event keeps the todo and clears the link.
  write([&](Session& s) { events::remove(s, event); });
  found = read([&](Session& s) { return todos::by_id(s, todo.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->event_id, std::nullopt);

  write([&](Session& s) { todos::remove(s, todo.id); });
  EXPECT_FALSE(read([&](Session& s) { return todos::by_id(s, todo.id); }));
}

std::vector<Id> ids(const std::vector<Todo>& todos) {
  std::vector<Id> out;
  for (const auto& t : todos) out.push_back(t.id);
  return out;
}

TEST_P(StoreContract, TodoListVisibilityFiltersAndPagination) {
  Id viewer = add_user("viewer@example.com");
  Id other = add_user("other@example.com");
  Id team1 = add_team("one", other);
  Id team2 = add_team("two", other);
  Id team3 = add_team("three", other);
  Id hidden_team = add_team("hidden", other);

  Id mine_open = add_todo(viewer, std::nullopt, "mine open");
  Id not_mine = add_todo(other, std::nullopt, "other's personal");
  Id t1 = add_todo(other, team1, "team1");
  Id t2 = add_todo(viewer, team2, "team2");
  Id t3 = add_todo(other, team3, "team3");
  Id hidden = add_todo(viewer, hidden_team, "created by viewer in a team they cannot see");
  Id mine_done = add_todo(viewer, std::nullopt, "mine done");
  write([&](Session& s) {
    auto done = *todos::by_id(s, mine_done);
    done.completed_at = at(5000);
    done.due_at = at(100);
    todos::update(s, done);
    auto due = *todos::by_id(s, t2);
    due.due_at = at(200);
    due.assignee_id = viewer;
    todos::update(s, due);
    auto late = *todos::by_id(s, t3);
    late.due_at = at(300);
    todos::update(s, late);
  });
  (void)not_mine;
  (void)hidden;

  auto list = [&](todos::Filter filter) {
    return ids(read([&](Session& s) { return todos::list(s, filter); }));
  };
  todos::Filter base;
  base.viewer_id = viewer;
  // Before joining any team the viewer sees personal todos only; a todo the viewer created in
  // a team they are not (or no longer) a member of stays hidden.
  EXPECT_EQ(list(base), (std::vector<Id>{mine_open, mine_done}));
  write([&](Session& s) {
    for (Id team : {team1, team2, team3}) teams::add_member(s, team, viewer, Role::viewer, at(1));
  });
  EXPECT_EQ(list(base), (std::vector<Id>{mine_open, t1, t2, t3, mine_done}));

  auto f = base;
  f.team_id = team2;
  EXPECT_EQ(list(f), (std::vector<Id>{t2}));
  f.team_id = hidden_team;  // not a member: nothing, even when asking for the team directly
  EXPECT_TRUE(list(f).empty());

  f = base;
  f.done = true;
  EXPECT_EQ(list(f), (std::vector<Id>{mine_done}));
  f.done = false;
  EXPECT_EQ(list(f), (std::vector<Id>{mine_open, t1, t2, t3}));

  f = base;
  f.assignee_id = viewer;
  EXPECT_EQ(list(f), (std::vector<Id>{t2}));

  f = base;
  f.due_before = at(300);
  EXPECT_EQ(list(f), (std::vector<Id>{t2, mine_done}));
  f.due_after = at(200);
  EXPECT_EQ(list(f), (std::vector<Id>{t2}));
  f.due_before.reset();
  EXPECT_EQ(list(f), (std::vector<Id>{t2, t3}));

  // Pagination: pages of two, following the cursor, cover everything once.
  f = base;
  f.limit = 2;
  std::vector<Id> seen;
  for (int page = 0; page < 10; ++page) {
    auto got = list(f);
    if (got.empty()) break;
    EXPECT_LE(got.size(), 2u);
    seen.insert(seen.end(), got.begin(), got.end());
    f.after_id = got.back();
  }
  EXPECT_EQ(seen, list(base));

  f = base;
  f.limit = 0;
  EXPECT_TRUE(list(f).empty());
}

// --- events -------------------------------------------------------------------------------

TEST_P(StoreContract, EventRoundTripAndUpdate) {
  Id owner = add_user("owner@example.com");
  Event event = write([&](Session& s) {
    Event e;
    e.creator_id = owner;
    e.title = "Planning";
    e.start = at(1000);
    e.end = at(2000);
    e.location = "Room \"4\"";
    e.attendees = {"a@example.com", "b \"quoted\"@example.com"};
    e.timezone = "Europe/Paris";
    e.created_at = at(10);
    return events::insert(s, e);
  });
  auto found = read([&](Session& s) { return events::by_id(s, event.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, "Planning");
  EXPECT_EQ(found->team_id, std::nullopt);
  EXPECT_EQ(found->creator_id, owner);
  EXPECT_EQ(found->start, at(1000));
  EXPECT_EQ(found->end, at(2000));
  EXPECT_FALSE(found->all_day);
  EXPECT_EQ(found->location, "Room \"4\"");
  EXPECT_EQ(found->attendees, event.attendees);
  EXPECT_EQ(found->reminder_minutes, std::nullopt);
  EXPECT_EQ(found->rrule, "");
  EXPECT_EQ(found->timezone, "Europe/Paris");
  EXPECT_EQ(found->created_at, at(10));
  EXPECT_EQ(found->updated_at, at(10));

  event.all_day = true;
  event.attendees.clear();
  event.reminder_minutes = 15;
  event.rrule = "FREQ=WEEKLY;BYDAY=MO";
  event.timezone = "Asia/Tokyo";
  event.end = at(86400);
  event.updated_at = at(20);
  write([&](Session& s) { events::update(s, event); });
  found = read([&](Session& s) { return events::by_id(s, event.id); });
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->all_day);
  EXPECT_TRUE(found->attendees.empty());
  EXPECT_EQ(found->reminder_minutes, 15);
  EXPECT_EQ(found->rrule, "FREQ=WEEKLY;BYDAY=MO");
  EXPECT_EQ(found->timezone, "Asia/Tokyo");
  EXPECT_EQ(found->end, at(86400));
  EXPECT_EQ(found->updated_at, at(20));

  write([&](Session& s) { events::remove(s, event.id); });
  EXPECT_FALSE(read([&](Session& s) { return events::by_id(s, event.id); }));
}

TEST_P(StoreContract, EventListWindowVisibilityAndOrder) {
  Id viewer = add_user("viewer@example.com");
  Id other = add_user("other@example.com");
  Id team = add_team("team", other);
  auto add = [&](Id creator, std::optional<Id> team_id, std::int64_t start, std::int64_t end,
                 std::string rrule = "") {
    return add_event(creator, team_id, start, end, std::move(rrule));
  };
  Id late = add(viewer, std::nullopt, 500, 600);
  Id early = add(viewer, std::nullopt, 100, 150);
  Id team_event = add(other, team, 300, 400);
  Id recurring = add(viewer, std::nullopt, 50, 60, "FREQ=DAILY");
  Id others = add(other, std::nullopt, 300, 400);
  Id same_start = add(viewer, std::nullopt, 300, 350);
  (void)others;

  auto list = [&](events::Filter filter) {
    std::vector<Id> out;
    for (const auto& e : read([&](Session& s) { return events::list(s, filter); })) {
      out.push_back(e.id);
    }
    return out;
  };
  write([&](Session& s) { teams::add_member(s, team, viewer, Role::member, at(1)); });
  events::Filter f;
  f.viewer_id = viewer;
  EXPECT_EQ(list(f), (std::vector<Id>{recurring, early, team_event, same_start, late}));

  f.from = at(200);
  f.to = at(500);
  // early ended before `from`; late starts at `to`; the recurring one may still occur.
  EXPECT_EQ(list(f), (std::vector<Id>{recurring, team_event, same_start}));

  f.team_id = team;
  EXPECT_EQ(list(f), (std::vector<Id>{team_event}));

  write([&](Session& s) { teams::remove_member(s, team, viewer); });
  events::Filter personal;
  personal.viewer_id = viewer;
  EXPECT_EQ(list(personal), (std::vector<Id>{recurring, early, same_start, late}));
}

TEST_P(StoreContract, ExdatesLoadWithTheirEventsAndGoWithThem) {
  Id viewer = add_user("viewer@example.com");
  Id team = add_team("team", viewer);
  auto add = [&](std::optional<Id> team_id, std::int64_t start, std::string rrule) {
    return add_event(viewer, team_id, start, start + 60, std::move(rrule));
  };
  Id daily = add(std::nullopt, 100, "FREQ=DAILY");
  Id weekly = add(team, 200, "FREQ=WEEKLY");
  Id plain = add(std::nullopt, 300, "");
  Id untouched = add(std::nullopt, 400, "FREQ=DAILY");

  write([&](Session& s) {
    EXPECT_TRUE(events::add_exdate(s, daily, at(100 + 2 * 86400)));
    EXPECT_TRUE(events::add_exdate(s, daily, at(100)));
    EXPECT_FALSE(events::add_exdate(s, daily, at(100)));  // already there
    EXPECT_TRUE(events::add_exdate(s, weekly, at(200 + 7 * 86400)));
  });
  const std::vector<Timestamp> daily_exdates = {at(100), at(100 + 2 * 86400)};
  EXPECT_EQ(read([&](Session& s) { return events::by_id(s, daily); })->exdates, daily_exdates);
  EXPECT_TRUE(read([&](Session& s) { return events::by_id(s, plain); })->exdates.empty());

  events::Filter f;
  f.viewer_id = viewer;
  auto listed = read([&](Session& s) { return events::list(s, f); });
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].id, daily);
  EXPECT_EQ(listed[0].exdates, daily_exdates);
  EXPECT_EQ(listed[1].id, weekly);
  EXPECT_EQ(listed[1].exdates, std::vector<Timestamp>{at(200 + 7 * 86400)});
  EXPECT_TRUE(listed[2].exdates.empty());
  EXPECT_EQ(listed[3].id, untouched);
  EXPECT_TRUE(listed[3].exdates.empty());
  f.team_id = team;
  listed = read([&](Session& s) { return events::list(s, f); });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].exdates.size(), 1u);

  // Updating the event row leaves them; replacing sets exactly the given ones.
  Event changed = *read([&](Session& s) { return events::by_id(s, daily); });
  changed.title = "renamed";
  changed.exdates.clear();
  write([&](Session& s) { events::update(s, changed); });
  EXPECT_EQ(read([&](Session& s) { return events::by_id(s, daily); })->exdates, daily_exdates);
  write([&](Session& s) { events::replace_exdates(s, daily, {at(100 + 86400)}); });
  EXPECT_EQ(read([&](Session& s) { return events::by_id(s, daily); })->exdates,
            std::vector<Timestamp>{at(100 + 86400)});

  // Removing an event, or the team it belongs to, takes its exdates along.
  write([&](Session& s) { events::remove(s, daily); });
  EXPECT_EQ(count("event_exdates"), 1);
  write([&](Session& s) { teams::remove(s, team); });
  EXPECT_EQ(count("event_exdates"), 0);
}

// --- refresh tokens -----------------------------------------------------------------------

TEST_P(StoreContract, RefreshTokenRotationAndFamilyRevocation) {
  Id user = add_user("tok@example.com");
  auto insert = [&](const std::string& hash, const std::string& family) {
    return write([&](Session& s) {
      RefreshToken token;
      token.user_id = user;
      token.token_hash = hash;
      token.family_id = family;
      token.expires_at = at(100000);
      token.created_at = at(100);
      return refresh_tokens::insert(s, token);
    });
  };
  RefreshToken first = insert("hash-1", "fam-a");
  RefreshToken second = insert("hash-2", "fam-a");
  RefreshToken third = insert("hash-3", "fam-a");
  RefreshToken unrelated = insert("hash-x", "fam-b");

  auto found = read([](Session& s) { return refresh_tokens::by_hash(s, "hash-1"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->user_id, user);
  EXPECT_EQ(found->family_id, "fam-a");
  EXPECT_EQ(found->expires_at, at(100000));
  EXPECT_EQ(found->created_at, at(100));
  EXPECT_EQ(found->revoked_at, std::nullopt);
  EXPECT_EQ(found->replaced_by, std::nullopt);
  EXPECT_FALSE(read([](Session& s) { return refresh_tokens::by_hash(s, "nope"); }));

  EXPECT_TRUE(write(
      [&](Session& s) { return refresh_tokens::mark_replaced(s, first.id, second.id, at(200)); }));
  found = read([](Session& s) { return refresh_tokens::by_hash(s, "hash-1"); });
  EXPECT_EQ(found->revoked_at, at(200));
  EXPECT_EQ(found->replaced_by, second.id);
  // A spent token cannot be rotated twice.
  EXPECT_FALSE(write(
      [&](Session& s) { return refresh_tokens::mark_replaced(s, first.id, third.id, at(210)); }));
  found = read([](Session& s) { return refresh_tokens::by_hash(s, "hash-1"); });
  EXPECT_EQ(found->revoked_at, at(200));
  EXPECT_EQ(found->replaced_by, second.id);

  EXPECT_TRUE(write([&](Session& s) {
    return refresh_tokens::mark_replaced(s, second.id, std::nullopt, at(250));
  }));
  found = read([](Session& s) { return refresh_tokens::by_hash(s, "hash-2"); });
  EXPECT_EQ(found->revoked_at, at(250));
  EXPECT_EQ(found->replaced_by, std::nullopt);

  write([&](Session& s) { refresh_tokens::revoke_family(s, "fam-a", at(300)); });
  auto by_hash = [&](const std::string& h) {
    return *read([&](Session& s) { return refresh_tokens::by_hash(s, h); });
  };
  EXPECT_EQ(by_hash("hash-1").revoked_at, at(200));  // already revoked: unchanged
  EXPECT_EQ(by_hash("hash-2").revoked_at, at(250));
  EXPECT_EQ(by_hash("hash-3").revoked_at, at(300));
  EXPECT_EQ(by_hash("hash-x").revoked_at, std::nullopt);
  (void)unrelated;

  auto dup = db->transact(TxMode::write, [&](Session& s) -> Result<Id> {
    RefreshToken token;
    token.user_id = user;
    token.token_hash = "hash-1";
    token.family_id = "fam-c";
    return refresh_tokens::insert(s, token).id;
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::conflict);
  EXPECT_EQ(dup.error().message.find("hash-1"), std::string::npos);
}

// --- audit --------------------------------------------------------------------------------

TEST_P(StoreContract, AuditRecordsNewestFirst) {
  Id actor = add_user("actor@example.com");
  write([&](Session& s) {
    audit::record(s, {0, actor, "todo.create", "todo", 7, R"({"title":"x"})", at(10)});
    audit::record(s, {0, std::nullopt, "system.start", "server", std::nullopt, "", at(30)});
    audit::record(s, {0, actor, "todo.delete", "todo", 7, "{}", at(20)});
  });
  auto entries = read([](Session& s) { return audit::recent(s, 10); });
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "system.start");
  EXPECT_EQ(entries[0].actor_id, std::nullopt);
  EXPECT_EQ(entries[0].entity_id, std::nullopt);
  EXPECT_EQ(entries[0].detail, "{}");
  EXPECT_EQ(entries[0].at, at(30));
  EXPECT_EQ(entries[1].action, "todo.delete");
  EXPECT_EQ(entries[2].action, "todo.create");
  EXPECT_EQ(entries[2].actor_id, actor);
  EXPECT_EQ(entries[2].entity, "todo");
  EXPECT_EQ(entries[2].entity_id, 7);
  EXPECT_EQ(entries[2].detail, R"({"title":"x"})");
  EXPECT_GT(entries[2].id, 0);

  EXPECT_EQ(read([](Session& s) { return audit::recent(s, 2); }).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract,
                         Values(Backend::sqlite_file, Backend::sqlite_memory, Backend::postgres),
                         backend_name);

}  // namespace
}  // namespace convonet::store::testing
