#include "assistant/llm/planner.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <initializer_list>
#include <optional>
#include <utility>

#include "core/text.hpp"
#include "http/outbound.hpp"

namespace convonet::assistant {

namespace {

using nlohmann::json;
using Deadline = std::chrono::steady_clock::time_point;

// Upstream error bodies are quoted at most this long in an Error.
constexpr std::size_t kQuoteLimit = 200;

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (auto part : parts) text.append(part);
  return text;
}

Error llm_error(std::string code, std::string message) {
  return Error{ErrorKind::unavailable, std::move(code), std::move(message), std::nullopt};
}

// Tool results and user text may carry invalid UTF-8; the wire must not (and dump would throw).
std::string to_wire(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string system_prompt(const Clock& clock, std::string_view timezone) {
  const Timestamp now = clock.now();
  std::string zone_name = is_known_timezone(std::string(timezone)) ? std::string(timezone) : "UTC";
  const auto zoned = date::make_zoned(date::locate_zone(zone_name), now);
  const std::string local = date::format("%A %d %B %Y, %H:%M", zoned);
  const std::string offset = date::format("%Ez", zoned);
  return concat(
      {"You are ConvoNet, a voice and chat assistant for todos, reminders and calendars. It is "
       "now ",
       local, " in the user's time zone ", zone_name, " (UTC offset ", offset, "; ",
       format_rfc3339(now),
       ").\n"
       "Act only through the tools, and never claim something happened that a tool did not "
       "confirm. Resolve words like \"tomorrow at 2 PM\" against the current time above and give "
       "times to tools as RFC 3339 with the user's UTC offset. A reminder is a todo plus a linked "
       "calendar event: use create_reminder for it. To change or delete something whose id you "
       "have not seen in this conversation, list first; never invent ids. If a tool returns an "
       "error, correct the input or explain the problem. If something needed is missing or "
       "ambiguous, ask one short question instead of guessing.\n"
       "Reply in one or two short spoken-style sentences, in plain text without markdown."});
}

// The model's text: a string, or (some servers) an array of {type:"text", text} parts.
std::string content_text(const json& message) {
  const auto it = message.find("content");
  if (it == message.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  std::string text;
  if (it->is_array()) {
    for (const auto& part : *it) {
      if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
          part["text"].is_string()) {
        text.append(part["text"].get<std::string>());
      }
    }
  }
  return text;
}

struct ToolCall {
  std::string id;
  std::string name;
  json arguments;
};

// "Done: create todo, create event." plus what failed, for turns whose model answer is lost.
std::string summarize(const std::vector<ToolAction>& actions, const ToolRegistry& tools) {
  std::string done, failed;
  for (const auto& action : actions) {
    const Tool* tool = tools.find(action.tool);
    const std::string name = to_lower_ascii(tool != nullptr ? tool->title : action.tool);
    std::string& list = action.result.contains("error") ? failed : done;
    if (!list.empty()) list.append(", ");
    list.append(name);
  }
  std::string reply;
  if (!done.empty()) reply.append("Done: ").append(done).append(".");
  if (!failed.empty()) {
    if (!reply.empty()) reply.append(" ");
    reply.append("Could not ").append(failed).append(".");
  }
  return reply;
}

}  // namespace

LlmSettings llm_settings_from(const Settings& settings) {
  LlmSettings s;
  s.base_url = settings.llm_url;
  s.model = settings.llm_model;
  s.api_key = settings.llm_api_key;
  s.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(settings.llm_timeout);
  s.max_tool_rounds = settings.llm_max_tool_rounds;
  return s;
}

LlmPlanner::LlmPlanner(LlmSettings settings, const ToolRegistry& tools, const Clock& clock)
    : settings_(std::move(settings)),
      tools_(tools),
      clock_(clock),
      client_(std::make_unique<http::OutboundClient>()) {
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/') {
    settings_.base_url.pop_back();
  }
}

LlmPlanner::~LlmPlanner() = default;

Result<LlmReply> LlmPlanner::respond(const Principal& principal, std::string_view timezone,
                                     const std::vector<ChatTurn>& history,
                                     std::string_view text) const {
  const Deadline deadline = std::chrono::steady_clock::now() + settings_.timeout;

  // No message may carry the key: upstream error bodies are quoted, so scrub them.
  auto scrub = [this](std::string message) {
    if (settings_.api_key.size() >= 4) {
      for (auto at = message.find(settings_.api_key); at != std::string::npos;
           at = message.find(settings_.api_key, at)) {
        message.replace(at, settings_.api_key.size(), "***");
      }
    }
    return message;
  };

  // POSTs one chat-completions request and returns choices[0].message.
  auto complete = [&](const json& request) -> Result<json> {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return llm_error("llm_timeout",
                       concat({"the LLM turn ran out of its ",
                               std::to_string(settings_.timeout.count()), " ms budget"}));
    }
    http::OutboundRequest call;
    call.method = "POST";
    call.url = concat({settings_.base_url, "/chat/completions"});
    call.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    if (!settings_.api_key.empty()) {
      call.headers.emplace_back("Authorization", concat({"Bearer ", settings_.api_key}));
    }
    call.body = to_wire(request);
    call.timeout = left;
    auto response = client_->send(call);
    if (!response) {
      const auto& e = response.error();
      if (e.code == "upstream_timeout") {
        return llm_error("llm_timeout", concat({"the LLM did not answer within ",
                                                std::to_string(settings_.timeout.count()), " ms"}));
      }
      return llm_error("llm_unavailable", scrub(concat({"LLM request failed: ", e.message})));
    }
    if (response->status < 200 || response->status >= 300) {
      std::string detail;
      const auto body = json::parse(response->body, nullptr, false);
      if (body.is_object() && body.contains("error")) {
        const auto& err = body["error"];
        detail = err.is_object() && err.contains("message") && err["message"].is_string()
                     ? err["message"].get<std::string>()
                     : to_wire(err);
      }
      if (detail.size() > kQuoteLimit) detail.resize(kQuoteLimit);
      std::string message =
          concat({"the LLM server answered HTTP ", std::to_string(response->status)});
      if (!detail.empty()) message.append(": ").append(detail);
      return llm_error("llm_http_error", scrub(std::move(message)));
    }
    auto body = json::parse(response->body, nullptr, false);
    if (body.is_discarded()) {
      return llm_error("llm_bad_response", "the LLM server's answer is not JSON");
    }
    if (!body.is_object() || !body.contains("choices") || !body["choices"].is_array() ||
        body["choices"].empty() || !body["choices"][0].is_object() ||
        !body["choices"][0].contains("message") || !body["choices"][0]["message"].is_object()) {
      return llm_error("llm_bad_response", "the LLM server's answer has no choices[0].message");
    }
    return std::move(body["choices"][0]["message"]);
  };

  // Reads the tool calls of a message, all of them before any runs, so a malformed batch runs
  // nothing.
  auto tool_calls_of = [&](const json& message, int round) -> Result<std::vector<ToolCall>> {
    std::vector<ToolCall> calls;
    const auto it = message.find("tool_calls");
    if (it == message.end() || it->is_null()) return calls;
    if (!it->is_array()) return llm_error("llm_bad_response", "tool_calls is not an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& entry = (*it)[i];
      if (!entry.is_object() || !entry.contains("function") || !entry["function"].is_object()) {
        return llm_error("llm_bad_response", "a tool call has no function");
      }
      const json& function = entry["function"];
      ToolCall call;
      call.id = entry.contains("id") && entry["id"].is_string()
                    ? entry["id"].get<std::string>()
                    : concat({"call_", std::to_string(round), "_", std::to_string(i)});
      if (!function.contains("name") || !function["name"].is_string()) {
        return llm_error("llm_bad_response", "a tool call has no function name");
      }
      call.name = function["name"].get<std::string>();
      if (tools_.find(call.name) == nullptr) {
        return llm_error("llm_unknown_tool",
                         concat({"the LLM called an unknown tool ", call.name}));
      }
      const json* raw = function.contains("arguments") ? &function["arguments"] : nullptr;
      if (raw == nullptr || raw->is_null() ||
          (raw->is_string() && trim(raw->get<std::string>()).empty())) {
        call.arguments = json::object();
      } else if (raw->is_string()) {
        call.arguments = json::parse(raw->get<std::string>(), nullptr, false);
      } else {
        call.arguments = *raw;  // some servers send the object itself
      }
      if (!call.arguments.is_object()) {
        return llm_error("llm_bad_tool_arguments", concat({"the arguments of the LLM's ", call.name,
                                                           " call are not a JSON object"}));
      }
      calls.push_back(std::move(call));
    }
    return calls;
  };

  json messages = json::array();
  messages.push_back({{"role", "system"}, {"content", system_prompt(clock_, timezone)}});
  for (const auto& turn : history) {
    // Only conversation turns: a stored "system" or "tool" turn must not steer the model.
    if ((turn.role == "user" || turn.role == "assistant") && !turn.content.empty()) {
      messages.push_back({{"role", turn.role}, {"content", turn.content}});
    }
  }
  messages.push_back({{"role", "user"}, {"content", std::string(text)}});

  const json tool_list = tools_.openai_tools();
  LlmReply reply;
  // Past the first side effect an error would make the caller fall back and repeat it, so the
  // turn ends with what was done instead.
  auto fail = [&](Error error) -> Result<LlmReply> {
    spdlog::warn("msg=\"llm turn failed\" code={} actions={} error=\"{}\"", error.code,
                 reply.actions.size(), error.message);
    if (reply.actions.empty()) return error;
    reply.reply = summarize(reply.actions, tools_);
    return std::move(reply);
  };

  for (int round = 0;; ++round) {
    json request = {{"model", settings_.model}, {"messages", messages}};
    if (!tool_list.empty()) {
      request["tools"] = tool_list;
      // After the last allowed round the model must answer in words.
      request["tool_choice"] = round < settings_.max_tool_rounds ? "auto" : "none";
    }
    auto message = complete(request);
    if (!message) return fail(std::move(message).error());
    auto calls = tool_calls_of(*message, round);
    if (!calls) return fail(std::move(calls).error());

    if (calls->empty()) {
      reply.reply = trim(content_text(*message));
      if (reply.reply.empty()) {
        if (reply.actions.empty()) {
          return llm_error("llm_bad_response", "the LLM gave neither a reply nor tool calls");
        }
        reply.reply = summarize(reply.actions, tools_);
      }
      return reply;
    }
    if (round >= settings_.max_tool_rounds) {
      return fail(llm_error("llm_rounds_exhausted",
                            concat({"the LLM still called tools after ",
                                    std::to_string(settings_.max_tool_rounds), " rounds"})));
    }

    // The assistant turn goes back with its tool calls, whose ids pair with the tool messages.
    json echoed = {{"role", "assistant"}, {"content", message->value("content", json())}};
    echoed["tool_calls"] = json::array();
    for (const auto& call : *calls) {
      echoed["tool_calls"].push_back(
          {{"id", call.id},
           {"type", "function"},
           {"function", {{"name", call.name}, {"arguments", to_wire(call.arguments)}}}});
    }
    messages.push_back(std::move(echoed));

    for (auto& call : *calls) {
      // Deleting waits for the user's yes, as it does on the rules path.
      if (const Tool* tool = tools_.find(call.name); tool != nullptr && tool->hints.destructive) {
        reply.held = ToolAction{call.name, std::move(call.arguments), json()};
        return reply;
      }
      json result;
      try {
        auto outcome = tools_.call(call.name, principal, call.arguments);
        result =
            outcome
                ? std::move(*outcome)
                : json{{"error",
                        {{"code", outcome.error().code}, {"message", outcome.error().message}}}};
      } catch (const std::exception& e) {
        spdlog::error("msg=\"tool threw\" tool={} error=\"{}\"", call.name, e.what());
        result = {{"error", {{"code", "internal"}, {"message", "the tool failed unexpectedly"}}}};
      }
      messages.push_back(
          {{"role", "tool"}, {"tool_call_id", call.id}, {"content", to_wire(result)}});
      reply.actions.push_back(ToolAction{call.name, std::move(call.arguments), std::move(result)});
    }
  }
}

}  // namespace convonet::assistant
