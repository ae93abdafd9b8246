#pragma once
// The assistant's dialogue: one user turn in, a spoken-style reply and the actions taken out.
// Every channel (REST, CLI, voice, MCP) calls this one class, so a conversation started by
// text can go on by voice. Conversations and their turns are kept in the store: context
// survives a restart, and old turns are pruned.
//
// By default the turn runs through the deterministic rules (src/assistant/nlu and the state
// machine in detail/engine.hpp). When an LLM planner is attached (set_llm), it gets the turn
// first; any error falls back to the rules.
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assistant/tools/registry.hpp"
#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace convonet::assistant {

class LlmPlanner;

namespace dialogue {

namespace detail {
struct State;
struct Outcome;
struct TurnContext;
}  // namespace detail

struct DialogueSettings {
  // A turn without a conversation id continues the user's latest conversation when it was
  // active this recently (so voice and text share context); otherwise a new one starts.
  std::chrono::minutes resume_window{30};
  int turns_kept = 50;                   // per conversation; older turns are pruned
  std::chrono::days idle_retention{30};  // conversations idle longer are deleted
  int llm_history_turns = 12;            // prior turns the LLM sees
  std::size_t max_text_bytes = 2000;
};

struct TurnInput {
  std::string text;
  std::optional<std::int64_t> conversation_id;
  std::string channel = "text";  // text | voice | cli | mcp
};

struct TurnOutput {
  std::int64_t conversation_id = 0;
  std::string reply;
  std::vector<ToolAction> actions;
  std::optional<std::string> awaiting;  // the slot the assistant asked for, if any
};

// {conversation_id, reply, actions: [{tool, input, result}], awaiting}
nlohmann::json to_json(const TurnOutput& output);

class Dialogue {
 public:
  Dialogue(store::Database& db, const ToolRegistry& tools, const Clock& clock,
           DialogueSettings settings = {});

  // Optional: the LLM planner that gets turns first. Not owned; must outlive the dialogue.
  void set_llm(const LlmPlanner* planner) { llm_ = planner; }

  // Errors: invalid text (unprocessable), an unknown conversation or another user's
  // (not_found), storage failures.
  Result<TurnOutput> respond(const Principal& principal, const TurnInput& input);

 private:
  struct Conversation;
  std::mutex& lock_for(std::int64_t user_id);
  Result<Conversation> open_conversation(const Principal& principal, const TurnInput& input,
                                         Timestamp now);
  std::optional<detail::Outcome> plan_with_llm(const detail::TurnContext& context,
                                               const Conversation& conversation,
                                               detail::State& state, const std::string& text);

  store::Database& db_;
  const ToolRegistry& tools_;
  const Clock& clock_;
  DialogueSettings settings_;
  const LlmPlanner* llm_ = nullptr;
  std::array<std::mutex, 64> user_locks_;  // striped: a user's turns run one at a time
};

}  // namespace dialogue
}  // namespace convonet::assistant
