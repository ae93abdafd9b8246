#include "store/conversations.hpp"

#include <algorithm>

#include "store/detail/sql.hpp"

namespace convonet::store::conversations {

using namespace detail;

namespace {
constexpr const char* kColumns = "id, user_id, state, created_at, updated_at";

Conversation read_conversation(Row& row) {
  Conversation c;
  c.id = row.integer(0);
  c.user_id = row.integer(1);
  c.state = row.take_text(2);
  c.created_at = to_timestamp(row.integer(3));
  c.updated_at = to_timestamp(row.integer(4));
  return c;
}
}  // namespace

Conversation insert(Session& s, Conversation conversation) {
  default_times(conversation.created_at, conversation.updated_at);
  auto row = s.query_one(
      "INSERT INTO conversations (user_id, state, created_at, updated_at) VALUES (?, ?, ?, ?) "
      "RETURNING id",
      {conversation.user_id, conversation.state, seconds(conversation.created_at),
       seconds(conversation.updated_at)});
  conversation.id = row->integer(0);
  return conversation;
}

std::optional<Conversation> by_id(Session& s, Id id) {
  auto row =
      s.query_one(std::string("SELECT ") + kColumns + " FROM conversations WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return read_conversation(*row);
}

std::optional<Conversation> latest_for_user(Session& s, Id user_id, Timestamp since) {
  auto row = s.query_one(std::string("SELECT ") + kColumns +
                             " FROM conversations WHERE user_id = ? AND updated_at >= ? "
                             "ORDER BY updated_at DESC, id DESC LIMIT 1",
                         {user_id, seconds(since)});
  if (!row) return std::nullopt;
  return read_conversation(*row);
}

void save_state(Session& s, Id id, const std::string& state, Timestamp now) {
  s.execute("UPDATE conversations SET state = ?, updated_at = ? WHERE id = ?",
            {state, seconds(now), id});
}

void append_turn(Session& s, Turn turn) {
  turn.created_at = or_now(turn.created_at);
  s.execute(
      "INSERT INTO conversation_turns (conversation_id, role, channel, text, actions, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {turn.conversation_id, turn.role, turn.channel, turn.text, turn.actions,
       seconds(turn.created_at)});
}

std::vector<Turn> recent_turns(Session& s, Id conversation_id, int limit) {
  std::vector<Turn> turns;
  for (Row& row :
       s.query("SELECT id, conversation_id, role, channel, text, actions, created_at "
               "FROM conversation_turns WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
               {conversation_id, std::int64_t{limit}})) {
    Turn t;
    t.id = row.integer(0);
    t.conversation_id = row.integer(1);
    t.role = row.take_text(2);
    t.channel = row.take_text(3);
    t.text = row.take_text(4);
    t.actions = row.take_text(5);
    t.created_at = to_timestamp(row.integer(6));
    turns.push_back(std::move(t));
  }
  std::reverse(turns.begin(), turns.end());
  return turns;
}

std::size_t prune_turns(Session& s, Id conversation_id, int keep) {
  keep = std::max(keep, 1);
  // The id of the oldest turn to keep; everything older goes.
  auto boundary = s.query_one(
      "SELECT id FROM conversation_turns WHERE conversation_id = ? ORDER BY id DESC "
      "LIMIT 1 OFFSET ?",
      {conversation_id, std::int64_t{keep - 1}});
  if (!boundary) return 0;
  return s.execute("DELETE FROM conversation_turns WHERE conversation_id = ? AND id < ?",
                   {conversation_id, boundary->integer(0)});
}

std::size_t remove_idle(Session& s, Id user_id, Timestamp before) {
  return s.execute("DELETE FROM conversations WHERE user_id = ? AND updated_at < ?",
                   {user_id, seconds(before)});
}

}  // namespace convonet::store::conversations
