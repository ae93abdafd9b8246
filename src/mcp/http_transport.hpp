#pragma once
// Streamable HTTP transport at /mcp (POST messages, GET the server-to-client SSE stream,
// DELETE to end a session) and the RFC 9728 protected-resource metadata it points clients at.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/result.hpp"
#include "http/router.hpp"
#include "mcp/protocol.hpp"
#include "mcp/sessions.hpp"

namespace convonet::mcp {

// Bearer token -> Principal (ConvoNet access token or personal access token).
using Authenticator = std::function<Result<Principal>(std::string_view token)>;

struct HttpOptions {
  std::string public_url;  // e.g. "https://convonet.example.com" (no trailing slash needed)
  // Host names (no port) a Host or Origin header may name; loopback names always may.
  std::vector<std::string> allowed_hosts;
  std::chrono::milliseconds heartbeat{15000};  // SSE keep-alive comment interval
};

// Host names accepted for a server listening on listen_host and reachable at public_url.
std::vector<std::string> allowed_hosts_for(std::string_view listen_host,
                                           std::string_view public_url);
// The host name of a Host header value or of an origin/URL ("https://h:1/x" -> "h"),
// lower-cased, IPv6 in brackets; empty when malformed.
std::string host_name_of(std::string_view value, bool is_url);

class HttpTransport {
 public:
  HttpTransport(const Server& server, SessionStore& sessions, Authenticator authenticate,
                HttpOptions options);

  // POST/GET/DELETE /mcp and GET /.well-known/oauth-protected-resource[/mcp].
  void add_routes(http::Router& router);

  http::Response post(http::Request& request) const;
  http::Response get(http::Request& request) const;
  http::Response remove(http::Request& request) const;
  http::Response resource_metadata() const;

  // Sends notifications/tools/list_changed on every open GET stream; returns how many.
  std::size_t notify_tools_list_changed() const;

  std::string resource_metadata_url() const;

 private:
  std::optional<http::Response> check_origin(const http::Request& request) const;
  Result<Principal> authenticate(const http::Request& request, http::Response& refusal) const;
  std::optional<http::Response> check_version(const http::Request& request,
                                              const SessionState& state) const;

  const Server& server_;
  SessionStore& sessions_;
  Authenticator authenticate_;
  HttpOptions options_;
  std::string base_url_;  // public_url without a trailing slash
};

}  // namespace convonet::mcp
