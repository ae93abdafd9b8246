#include "assistant/llm/fake_openai.hpp"

#include <set>
#include <stdexcept>
#include <utility>

namespace convonet::testing {

namespace {

using nlohmann::json;

http::Response invalid_request(const std::string& message) {
  return http::json(400, {{"error",
                           {{"message", message},
                            {"type", "invalid_request_error"},
                            {"param", nullptr},
                            {"code", nullptr}}}});
}

bool is_string(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string();
}

// The checks the real API applies to a chat-completions request with tools; "" when valid.
std::string wire_problem(const json& body) {
  if (!body.is_object()) return "body must be an object";
  if (!is_string(body, "model") || body["model"].get<std::string>().empty()) {
    return "you must provide a model parameter";
  }
  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
    return "messages must be a non-empty array";
  }
  std::set<std::string> pending;  // tool_call ids still owed a tool message
  for (const auto& m : body["messages"]) {
    if (!is_string(m, "role")) return "each message needs a role";
    const std::string role = m["role"];
    if (!pending.empty() && role != "tool") {
      return "an assistant message with 'tool_calls' must be followed by tool messages "
             "responding to each 'tool_call_id'";
    }
    if (role == "system" || role == "user") {
      if (!is_string(m, "content")) return role + " message content must be a string";
    } else if (role == "assistant") {
      const bool has_text = is_string(m, "content");
      const bool has_calls = m.contains("tool_calls");
      if (!has_text && !(m.contains("content") && m["content"].is_null() && has_calls)) {
        return "assistant message needs content or tool_calls";
      }
      if (has_calls) {
        if (!m["tool_calls"].is_array() || m["tool_calls"].empty()) {
          return "tool_calls must be a non-empty array";
        }
        for (const auto& call : m["tool_calls"]) {
          if (!is_string(call, "id") || !is_string(call, "type") || call["type"] != "function" ||
              !call.contains("function") || !is_string(call["function"], "name") ||
              !is_string(call["function"], "arguments")) {
            return "malformed tool_calls entry";
          }
          pending.insert(call["id"].get<std::string>());
        }
      }
    } else if (role == "tool") {
      if (!is_string(m, "tool_call_id") || !is_string(m, "content")) {
        return "tool message needs tool_call_id and string content";
      }
      if (pending.erase(m["tool_call_id"].get<std::string>()) == 0) {
        return "messages with role 'tool' must be a response to a preceding message with "
               "'tool_calls'";
      }
    } else {
      return std::string("unknown role ").append(role);
    }
  }
  if (!pending.empty()) return "tool_calls without tool responses";
  if (body.contains("tools")) {
    if (!body["tools"].is_array() || body["tools"].empty()) return "tools must be non-empty";
    for (const auto& tool : body["tools"]) {
      if (!is_string(tool, "type") || tool["type"] != "function" || !tool.contains("function") ||
          !is_string(tool["function"], "name") || !is_string(tool["function"], "description") ||
          !tool["function"].contains("parameters") || !tool["function"]["parameters"].is_object()) {
        return "malformed tools entry";
      }
    }
  }
  if (body.contains("tool_choice")) {
    if (!body.contains("tools")) return "tool_choice is only allowed when tools are specified";
    const auto& choice = body["tool_choice"];
    if (!(choice == "auto" || choice == "none" || choice == "required" || choice.is_object())) {
      return "invalid tool_choice";
    }
  }
  return {};
}

}  // namespace

FakeOpenAi::FakeOpenAi() {
  router_.add("POST", "/v1/chat/completions", [this](http::Request& r) { return handle(r); });
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.worker_threads = 2;
  server_ = std::make_unique<http::Server>(options, router_, metrics_);
  auto port = server_->start();
  if (!port)
    throw std::runtime_error(std::string("fake OpenAI server: ").append(port.error().message));
  port_ = *port;
}

FakeOpenAi::~FakeOpenAi() {
  release();
  server_->stop();
}

std::string FakeOpenAi::base_url() const {
  return std::string("http://127.0.0.1:").append(std::to_string(port_)).append("/v1");
}

void FakeOpenAi::then(Answer answer) {
  std::lock_guard lock(mutex_);
  answers_.push_back(std::move(answer));
}

json FakeOpenAi::tool_call_completion(const json& calls) {
  json tool_calls = json::array();
  for (const auto& call : calls) {
    tool_calls.push_back(
        {{"id", call["id"]},
         {"type", "function"},
         {"function",
          {{"name", call["name"]},
           {"arguments", call["arguments"].is_string() ? call["arguments"].get<std::string>()
                                                       : call["arguments"].dump()}}}});
  }
  return {{"id", "chatcmpl-fake"},
          {"object", "chat.completion"},
          {"created", 1764000000},
          {"model", "fake-model"},
          {"choices",
           {{{"index", 0},
             {"message", {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", tool_calls}}},
             {"finish_reason", "tool_calls"}}}},
          {"usage", {{"prompt_tokens", 1}, {"completion_tokens", 1}, {"total_tokens", 2}}}};
}

json FakeOpenAi::text_completion(const std::string& content) {
  return {{"id", "chatcmpl-fake"},
          {"object", "chat.completion"},
          {"created", 1764000000},
          {"model", "fake-model"},
          {"choices",
           {{{"index", 0},
             {"message", {{"role", "assistant"}, {"content", content}}},
             {"finish_reason", "stop"}}}},
          {"usage", {{"prompt_tokens", 1}, {"completion_tokens", 1}, {"total_tokens", 2}}}};
}

void FakeOpenAi::then_tool_calls(const json& calls) {
  then([calls](const json&) { return http::json(200, tool_call_completion(calls)); });
}

void FakeOpenAi::then_text(const std::string& content) {
  then([content](const json&) { return http::json(200, text_completion(content)); });
}

void FakeOpenAi::then_status(int status, const std::string& body) {
  then([status, body](const json&) {
    http::Response response;
    response.status = status;
    response.body = body;
    return response;
  });
}

void FakeOpenAi::then_hang() {
  then([this](const json&) {
    std::unique_lock lock(mutex_);
    released_cv_.wait(lock, [this] { return released_; });
    return http::json(500, {{"error", {{"message", "released"}}}});
  });
}

void FakeOpenAi::release() {
  {
    std::lock_guard lock(mutex_);
    released_ = true;
  }
  released_cv_.notify_all();
}

std::vector<FakeOpenAi::Seen> FakeOpenAi::requests() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

http::Response FakeOpenAi::handle(http::Request& request) {
  auto body = http::parse_json_body(request);
  if (!body) return invalid_request(body.error().message);
  Answer answer;
  {
    std::lock_guard lock(mutex_);
    Seen seen{*body, std::nullopt, std::nullopt};
    if (auto a = request.header("Authorization")) seen.authorization = std::string(*a);
    if (auto c = request.header("Content-Type")) seen.content_type = std::string(*c);
    seen_.push_back(std::move(seen));
    if (!answers_.empty()) {
      answer = std::move(answers_.front());
      answers_.pop_front();
    }
  }
  if (auto problem = wire_problem(*body); !problem.empty()) return invalid_request(problem);
  if (!answer) return http::json(500, {{"error", {{"message", "no scripted answer left"}}}});
  return answer(*body);
}

}  // namespace convonet::testing
