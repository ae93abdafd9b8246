#pragma once
// A small synchronous HTTP/1.1 client for tests and tools (not for production outbound calls:
// it blocks the calling thread). Every operation is bounded by the connection's timeout.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace convonet::http {

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;

  // Case-insensitive; the first occurrence.
  std::optional<std::string_view> header(std::string_view name) const;
};

// A keep-alive connection reused across requests. It never reconnects by itself: once the
// server closes it, request() fails and is_open() is false.
class Connection {
 public:
  static Result<Connection> open(const std::string& host, unsigned short port,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~Connection();
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;

  // Sets Host, User-Agent and, for a non-empty body without one, Content-Type:
  // application/json. headers may override Host and User-Agent.
  Result<ClientResponse> request(std::string_view method, std::string_view target,
                                 std::string_view body = {}, const Headers& headers = {});

  // For protocol tests: write raw bytes, then read one response.
  Status send_raw(std::string_view bytes);
  Result<ClientResponse> read_response();

  bool is_open() const;

 private:
  struct Impl;
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One request on a fresh connection.
Result<ClientResponse> request(const std::string& host, unsigned short port,
                               std::string_view method, std::string_view target,
                               std::string_view body = {}, const Headers& headers = {});

}  // namespace convonet::http
