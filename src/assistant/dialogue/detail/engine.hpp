#pragma once
// One turn of the deterministic dialogue, as a small explicit state machine:
//
//   understand -> (awaiting an answer? fill it) -> collect slots -> ask for what is missing
//              -> confirm destructive actions -> act through the tool registry -> reply
//
// Every action goes through ToolRegistry::call, so the registry's validation and the
// services' role checks apply exactly as over REST. The engine holds no state of its own
// between turns: it reads and updates the State it is given.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "assistant/dialogue/detail/state.hpp"
#include "assistant/nlu/nlu.hpp"
#include "assistant/tools/registry.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"

namespace convonet::assistant::dialogue::detail {

struct Outcome {
  std::string reply;
  std::vector<ToolAction> actions;
  std::optional<std::string> awaiting;  // the slot the next turn should answer
};

struct TurnContext {
  const ToolRegistry& tools;
  const Principal& principal;
  const date::time_zone& zone;
  std::string timezone;  // the zone's IANA name
  Timestamp now;
};

// The todos and events a tool result holds (create_reminder: the todo, linked to its event), for
// the state's focus after a turn the LLM planner ran.
std::vector<Item> items_of(const nlohmann::json& result);

// Runs one user turn against `state` (updated in place).
Outcome run_turn(const TurnContext& context, State& state, std::string_view text);

// A destructive call the LLM planner held back: asks the user to confirm it ("Delete the todo
// buy milk?"), leaving the confirmation pending in `state`; a yes next turn runs it.
Outcome confirm_held_call(const TurnContext& context, State& state, const ToolAction& held);

}  // namespace convonet::assistant::dialogue::detail
