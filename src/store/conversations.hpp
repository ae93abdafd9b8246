#pragma once
// Assistant conversations and their turns. Like repositories.hpp: portable SQL over Session,
// run in the caller's transaction, no permission checks (the dialogue checks ownership).
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::store {

struct Conversation {
  Id id = 0;
  Id user_id = 0;
  std::string state = "{}";  // the dialogue's JSON state
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct Turn {
  Id id = 0;
  Id conversation_id = 0;
  std::string role;     // "user" | "assistant"
  std::string channel;  // "text", "voice", "mcp", "cli"
  std::string text;
  std::string actions = "[]";  // JSON array of {tool, input, result}
  Timestamp created_at{};
};

namespace conversations {
Conversation insert(Session& s, Conversation conversation);
std::optional<Conversation> by_id(Session& s, Id id);
// The user's most recently updated conversation, if it was updated at or after `since`.
std::optional<Conversation> latest_for_user(Session& s, Id user_id, Timestamp since);
void save_state(Session& s, Id id, const std::string& state, Timestamp now);

void append_turn(Session& s, Turn turn);
// The last `limit` turns, oldest first.
std::vector<Turn> recent_turns(Session& s, Id conversation_id, int limit);
// Keeps the newest `keep` turns of the conversation; returns how many were deleted.
std::size_t prune_turns(Session& s, Id conversation_id, int keep);
// Deletes the user's conversations (and their turns) not updated since `before`.
std::size_t remove_idle(Session& s, Id user_id, Timestamp before);
}  // namespace conversations

}  // namespace convonet::store
