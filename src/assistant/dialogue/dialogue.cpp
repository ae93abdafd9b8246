#include "assistant/dialogue/dialogue.hpp"

#include <date/tz.h>
#include <spdlog/spdlog.h>

#include "assistant/dialogue/detail/engine.hpp"
#include "assistant/dialogue/detail/state.hpp"
#include "assistant/llm/planner.hpp"
#include "core/text.hpp"
#include "store/conversations.hpp"
#include "store/repositories.hpp"

namespace convonet::assistant::dialogue {

using nlohmann::json;

namespace {

Status check_text(std::string_view text, std::size_t max_bytes) {
  if (!is_valid_utf8(text)) return Error::unprocessable("text must be valid UTF-8");
  if (trim(text).empty()) return Error::unprocessable("text must not be empty");
  if (text.size() > max_bytes) {
    return Error::unprocessable("text must be at most " + std::to_string(max_bytes) + " bytes");
  }
  return {};
}

json actions_json(const std::vector<ToolAction>& actions) {
  json list = json::array();
  for (const auto& a : actions) {
    list.push_back({{"tool", a.tool}, {"input", a.input}, {"result", a.result}});
  }
  return list;
}

}  // namespace

struct Dialogue::Conversation {
  store::Id id = 0;
  std::string timezone;
  std::string state;  // as stored
};

// The LLM's turn, or nothing when it failed before acting (the rules take the turn then).
std::optional<detail::Outcome> Dialogue::plan_with_llm(const detail::TurnContext& context,
                                                       const Conversation& conversation,
                                                       detail::State& state,
                                                       const std::string& text) {
  auto turns = db_.transact(store::TxMode::read, [&](store::Session& s) {
    return Result<std::vector<store::Turn>>(
        store::conversations::recent_turns(s, conversation.id, settings_.llm_history_turns));
  });
  if (!turns) return std::nullopt;
  std::vector<ChatTurn> history;
  for (auto& turn : *turns) history.push_back(ChatTurn{turn.role, std::move(turn.text)});
  auto reply = llm_->respond(context.principal, conversation.timezone, history, text);
  if (!reply) {
    spdlog::warn("msg=\"llm planner failed; the rules take the turn\" code={} conversation={}",
                 reply.error().code, conversation.id);
    return std::nullopt;
  }
  std::vector<detail::Item> touched;
  for (const auto& action : reply->actions) {
    for (auto& item : detail::items_of(action.result)) touched.push_back(std::move(item));
  }
  if (!touched.empty()) state.focus = touched;
  state.last_created.clear();
  detail::Outcome outcome;
  if (reply->held) {
    outcome = detail::confirm_held_call(context, state, *reply->held);
  } else {
    outcome.reply = std::move(reply->reply);
  }
  outcome.actions.insert(outcome.actions.begin(), std::make_move_iterator(reply->actions.begin()),
                         std::make_move_iterator(reply->actions.end()));
  return outcome;
}

json to_json(const TurnOutput& output) {
  return {{"conversation_id", output.conversation_id},
          {"reply", output.reply},
          {"actions", actions_json(output.actions)},
          {"awaiting", output.awaiting ? json(*output.awaiting) : json(nullptr)}};
}

Dialogue::Dialogue(store::Database& db, const ToolRegistry& tools, const Clock& clock,
                   DialogueSettings settings)
    : db_(db), tools_(tools), clock_(clock), settings_(settings) {}

std::mutex& Dialogue::lock_for(std::int64_t user_id) {
  return user_locks_[static_cast<std::size_t>(user_id) % user_locks_.size()];
}

// Which conversation: the one named (it must be the caller's), else the caller's recent one,
// else a new one (old idle ones are cleared out then). One read in the common case.
Result<Dialogue::Conversation> Dialogue::open_conversation(const Principal& principal,
                                                           const TurnInput& input, Timestamp now) {
  auto found = db_.transact(store::TxMode::read, [&](store::Session& s) -> Result<Conversation> {
    auto user = store::users::by_id(s, principal.user_id);
    if (!user) return Error::unauthorized("unknown user");
    Conversation conversation{0, user->timezone, "{}"};
    std::optional<store::Conversation> stored;
    if (input.conversation_id) {
      stored = store::conversations::by_id(s, *input.conversation_id);
      if (!stored || stored->user_id != principal.user_id) {
        return Error::not_found("conversation not found");
      }
    } else {
      stored = store::conversations::latest_for_user(s, principal.user_id,
                                                     now - settings_.resume_window);
    }
    if (stored) conversation.id = stored->id, conversation.state = std::move(stored->state);
    return conversation;
  });
  if (!found || found->id != 0) return found;
  return db_.transact(store::TxMode::write, [&](store::Session& s) -> Result<Conversation> {
    store::conversations::remove_idle(s, principal.user_id, now - settings_.idle_retention);
    store::Conversation fresh;
    fresh.user_id = principal.user_id;
    fresh.created_at = now;
    fresh.updated_at = now;
    Conversation conversation = *found;
    conversation.id = store::conversations::insert(s, fresh).id;
    return conversation;
  });
}

Result<TurnOutput> Dialogue::respond(const Principal& principal, const TurnInput& input) {
  if (auto ok = check_text(input.text, settings_.max_text_bytes); !ok) return ok.error();
  const Timestamp now = clock_.now();

  // A user's turns run one at a time, so a conversation's state is never overwritten by a
  // concurrent turn (within this process).
  std::lock_guard guard(lock_for(principal.user_id));
  auto conversation = open_conversation(principal, input, now);
  if (!conversation) return conversation.error();
  detail::State state = detail::parse_state(conversation->state);

  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(conversation->timezone);
  } catch (const std::runtime_error&) {
    zone = date::locate_zone("UTC");
  }
  const detail::TurnContext context{tools_, principal, *zone, zone->name(), now};
  std::optional<detail::Outcome> planned;
  if (llm_ != nullptr && !state.pending) {
    planned = plan_with_llm(context, *conversation, state, input.text);
  }
  detail::Outcome outcome;
  if (planned) {
    outcome = std::move(*planned);
  } else {
    try {
      outcome = detail::run_turn(context, state, input.text);
    } catch (const nlohmann::json::exception& e) {
      // A tool result or stored state of an unexpected shape is a bug, not the user's fault;
      // the conversation state is left as it was.
      spdlog::error("msg=\"dialogue turn failed\" conversation={} error=\"{}\"", conversation->id,
                    e.what());
      return Error::internal("the assistant could not handle that turn");
    }
  }

  TurnOutput output;
  output.conversation_id = conversation->id;
  output.reply = std::move(outcome.reply);
  output.awaiting = std::move(outcome.awaiting);
  output.actions = std::move(outcome.actions);

  auto saved = db_.transact(store::TxMode::write, [&](store::Session& s) -> Status {
    store::Turn user_turn;
    user_turn.conversation_id = conversation->id;
    user_turn.role = "user";
    user_turn.channel = input.channel;
    user_turn.text = input.text;
    user_turn.created_at = now;
    store::conversations::append_turn(s, user_turn);
    store::Turn reply_turn = user_turn;
    reply_turn.role = "assistant";
    reply_turn.text = output.reply;
    reply_turn.actions = actions_json(output.actions).dump();
    store::conversations::append_turn(s, reply_turn);
    store::conversations::save_state(s, conversation->id, detail::to_json(state).dump(), now);
    store::conversations::prune_turns(s, conversation->id, settings_.turns_kept);
    return {};
  });
  if (!saved) {
    // The actions already happened; say so rather than hide them behind an error.
    spdlog::error("msg=\"conversation not saved\" conversation={} error=\"{}\"", conversation->id,
                  saved.error().message);
  }
  return output;
}

}  // namespace convonet::assistant::dialogue
