#pragma once
// An in-process OpenAI-compatible chat-completions server on an ephemeral port, built on the
// project's own http::Server. It checks each request against the wire format the way the real
// API does (400 with an OpenAI error body otherwise), records it, and answers from a script.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace convonet::testing {

class FakeOpenAi {
 public:
  using Answer = std::function<http::Response(const nlohmann::json& request)>;

  FakeOpenAi();
  ~FakeOpenAi();  // releases held requests, then stops the server

  std::string base_url() const;  // http://127.0.0.1:<port>/v1

  // Answers are used in order, one per request; past the last one the server answers 500.
  void then(Answer answer);
  void then_tool_calls(const nlohmann::json& calls);  // [{id, name, arguments(object)}]
  void then_text(const std::string& content);
  void then_status(int status, const std::string& body);
  // The next request waits until release() (or the server shuts down), then answers 500.
  void then_hang();
  void release();

  struct Seen {
    nlohmann::json body;
    std::optional<std::string> authorization;
    std::optional<std::string> content_type;
  };
  std::vector<Seen> requests() const;

  // choices[0].message with tool_calls, finish_reason "tool_calls".
  static nlohmann::json tool_call_completion(const nlohmann::json& calls);
  static nlohmann::json text_completion(const std::string& content);

 private:
  http::Response handle(http::Request& request);

  mutable std::mutex mutex_;
  std::condition_variable released_cv_;
  bool released_ = false;
  std::deque<Answer> answers_;
  std::vector<Seen> seen_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  unsigned short port_ = 0;
};

}  // namespace convonet::testing
