// Conversations and turns: part of the storage contract, on every backend.
#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "store/conversations.hpp"
#include "store/repositories.hpp"

namespace convonet::store::testing {
namespace {

class ConversationStore : public BackendTest {
 protected:
  Id add_conversation(Id user, std::int64_t updated) {
    return write([&](Session& s) {
      Conversation c;
      c.user_id = user;
      c.created_at = at(updated);
      c.updated_at = at(updated);
      return conversations::insert(s, c).id;
    });
  }

  void add_turn(Id conversation, const std::string& role, const std::string& text) {
    write([&](Session& s) {
      Turn t;
      t.conversation_id = conversation;
      t.role = role;
      t.channel = "text";
      t.text = text;
      t.created_at = at(5000);
      conversations::append_turn(s, t);
    });
  }
};

TEST_P(ConversationStore, StateRoundTripsAndTouchesUpdatedAt) {
  const Id user = add_minimal_user("a@example.com");
  const Id id = add_conversation(user, 1000);
  write([&](Session& s) { conversations::save_state(s, id, R"({"focus":[1]})", at(2000)); });
  auto loaded = read([&](Session& s) { return conversations::by_id(s, id); });
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->user_id, user);
  EXPECT_EQ(loaded->state, R"({"focus":[1]})");
  EXPECT_EQ(loaded->updated_at, at(2000));
  EXPECT_FALSE(read([&](Session& s) { return conversations::by_id(s, id + 100); }));
}

TEST_P(ConversationStore, LatestForUserIsTheMostRecentOneInsideTheWindow) {
  const Id alice = add_minimal_user("alice@example.com");
  const Id bob = add_minimal_user("bob@example.com");
  add_conversation(alice, 1000);
  const Id recent = add_conversation(alice, 3000);
  add_conversation(bob, 4000);
  auto latest =
      read([&](Session& s) { return conversations::latest_for_user(s, alice, at(2000)); });
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->id, recent);
  EXPECT_FALSE(
      read([&](Session& s) { return conversations::latest_for_user(s, alice, at(3001)); }));
}

TEST_P(ConversationStore, TurnsComeBackOldestFirstAndPruneKeepsTheNewest) {
  const Id id = add_conversation(add_minimal_user("a@example.com"), 1000);
  for (int i = 0; i < 6; ++i) add_turn(id, i % 2 == 0 ? "user" : "assistant", std::to_string(i));

  auto last_three = read([&](Session& s) { return conversations::recent_turns(s, id, 3); });
  ASSERT_EQ(last_three.size(), 3u);
  EXPECT_EQ(last_three[0].text, "3");
  EXPECT_EQ(last_three[2].text, "5");
  EXPECT_EQ(last_three[2].role, "assistant");
  EXPECT_EQ(last_three[2].actions, "[]");

  EXPECT_EQ(write([&](Session& s) { return conversations::prune_turns(s, id, 4); }), 2u);
  auto kept = read([&](Session& s) { return conversations::recent_turns(s, id, 100); });
  ASSERT_EQ(kept.size(), 4u);
  EXPECT_EQ(kept.front().text, "2");
  EXPECT_EQ(write([&](Session& s) { return conversations::prune_turns(s, id, 4); }), 0u);
}

TEST_P(ConversationStore, RemoveIdleDeletesOldConversationsWithTheirTurns) {
  const Id user = add_minimal_user("a@example.com");
  const Id old_one = add_conversation(user, 1000);
  const Id fresh = add_conversation(user, 9000);
  add_turn(old_one, "user", "hello");
  add_turn(fresh, "user", "hi");

  EXPECT_EQ(write([&](Session& s) { return conversations::remove_idle(s, user, at(5000)); }), 1u);
  EXPECT_FALSE(read([&](Session& s) { return conversations::by_id(s, old_one); }));
  EXPECT_TRUE(read([&](Session& s) { return conversations::by_id(s, fresh); }));
  auto orphans = read([&](Session& s) {
    return s
        .query_one("SELECT COUNT(*) FROM conversation_turns WHERE conversation_id = ?", {old_one})
        ->integer(0);
  });
  EXPECT_EQ(orphans, 0);
}

TEST_P(ConversationStore, ATurnNeedsAKnownRole) {
  const Id id = add_conversation(add_minimal_user("a@example.com"), 1000);
  Status status = db->transact(TxMode::write, [&](Session& s) -> Status {
    Turn t;
    t.conversation_id = id;
    t.role = "system";
    t.channel = "text";
    t.text = "x";
    conversations::append_turn(s, t);
    return {};
  });
  EXPECT_FALSE(status.ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ConversationStore,
                         ::testing::Values(Backend::sqlite_file, Backend::sqlite_memory,
                                           Backend::postgres),
                         backend_name);

}  // namespace
}  // namespace convonet::store::testing
