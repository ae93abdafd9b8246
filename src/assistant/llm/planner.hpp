#pragma once
// The optional LLM backend: an OpenAI-compatible chat-completions model picks tools from the
// one registry (OpenAI `tools` / `tool_calls` format) and words the reply. The dialogue calls it
// only when configured and falls back to the deterministic path on any Error, so every failure
// before a side effect is an Error, and nothing after one is.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "assistant/tools/registry.hpp"
#include "core/config.hpp"
#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace convonet::http {
class OutboundClient;
}

namespace convonet::assistant {

struct LlmSettings {
  std::string
      base_url;  // OpenAI-compatible, e.g. https://api.openai.com/v1; POST {base}/chat/completions
  std::string model;
  std::string api_key;  // sent as Authorization: Bearer; never logged nor put in an Error
  std::chrono::milliseconds timeout{10000};  // the whole turn, tools included
  int max_tool_rounds = 4;

  bool enabled() const { return !base_url.empty() && !model.empty(); }
};

// llm_url, llm_model, llm_api_key, llm_timeout, llm_max_tool_rounds.
LlmSettings llm_settings_from(const Settings& settings);

struct ChatTurn {
  std::string role;  // "user" or "assistant"
  std::string content;
};

struct LlmReply {
  std::string reply;
  std::vector<ToolAction> actions;  // in the order they ran
  // A destructive call (the registry's destructive hint: delete_todo, delete_event) the model
  // asked for. It has not run: the turn stops there, for the caller to confirm with the user.
  // Its result is null.
  std::optional<ToolAction> held;
};

class LlmPlanner {
 public:
  // tools and clock must outlive the planner. Throws std::runtime_error if TLS cannot be set up.
  LlmPlanner(LlmSettings settings, const ToolRegistry& tools, const Clock& clock);
  ~LlmPlanner();
  LlmPlanner(const LlmPlanner&) = delete;
  LlmPlanner& operator=(const LlmPlanner&) = delete;

  const LlmSettings& settings() const { return settings_; }

  // Sends a system prompt (the current time in the user's zone, how to use the tools), the
  // history (oldest first) and text, with the registry's tools and tool_choice "auto"; runs each
  // tool call through ToolRegistry::call as principal and feeds its result (or its error, which
  // models recover from) back as a role "tool" message; repeats up to max_tool_rounds rounds of
  // tool calls (the request after the last allowed round says tool_choice "none"). A
  // destructive call is never run: it ends the turn as `held`, with the calls of its round
  // after it dropped and reply empty.
  //
  // Errors (code): llm_timeout, llm_unavailable (transport), llm_http_error (status >= 300),
  // llm_bad_response (malformed JSON or shape, no reply), llm_unknown_tool,
  // llm_bad_tool_arguments (arguments not a JSON object), llm_rounds_exhausted; all of kind
  // unavailable. Once any tool has run none of these is returned: the reply then summarizes
  // the actions, so a caller falling back on Error never repeats a side effect.
  // Thread-safe.
  Result<LlmReply> respond(const Principal& principal, std::string_view timezone,
                           const std::vector<ChatTurn>& history, std::string_view text) const;

 private:
  LlmSettings settings_;
  const ToolRegistry& tools_;
  const Clock& clock_;
  std::unique_ptr<http::OutboundClient> client_;
};

}  // namespace convonet::assistant
