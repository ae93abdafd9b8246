#pragma once
// The production outbound HTTP(S) client for calls to other services (an LLM, speech-to-text,
// text-to-speech, calendars). One request per connection, synchronous for the caller, and the
// whole exchange (resolve, connect, TLS handshake, write, read) is bounded by one deadline.
//
// Safety defaults, because these requests carry API keys:
// - https verifies the peer certificate against the system CA store (or options.ca_file) and
//   the host name, and sends SNI;
// - plain http is only allowed to loopback (a local model server), so a key is never sent in
//   clear over a network;
// - redirects are not followed (a 3xx is returned as is: forwarding credentials to another
//   host is the caller's decision);
// - the response is capped; errors name scheme://host:port only, never the path or query
//   (which may hold a key) nor any header.
// Beast, Asio and OpenSSL stay in outbound.cpp.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace convonet::http {

struct OutboundRequest {
  std::string method = "GET";
  std::string url;  // absolute: http://host[:port]/path?query or https://...
  Headers headers;  // Host, User-Agent and Content-Length are set unless given here
  std::string body;
  std::chrono::milliseconds timeout{10000};  // the whole exchange
};

struct OutboundResponse {
  int status = 0;
  Headers headers;
  std::string body;

  // Case-insensitive; the first occurrence.
  std::optional<std::string_view> header(std::string_view name) const;
};

struct OutboundOptions {
  // PEM bundle trusted instead of the system CA store (private CAs, tests). Empty: system.
  std::string ca_file;
  std::size_t max_response_bytes = 16u << 20;  // body; larger answers are an error
  std::string user_agent = "convonet";
};

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets for IPv6 literals
  unsigned short port = 0;
  std::string target;  // origin-form: "/path?query", at least "/"

  // "https://host:port" (brackets around IPv6): safe to put in logs and errors.
  std::string origin() const;
};

// Parses an absolute http(s) URL. Rejects user-info, fragments-only oddities, control
// characters, spaces and bad ports.
Result<Url> parse_url(std::string_view url);

// Error codes: "invalid_url", "insecure_url" (plain http off loopback), "upstream_timeout",
// "upstream_unavailable" (resolve, connect, TLS, read, write), "upstream_response_too_large";
// all of kind unavailable except the URL ones (bad_request). An HTTP error status is NOT an
// Error: the response is returned and the caller decides.
class OutboundClient {
 public:
  // Throws std::runtime_error if the TLS context cannot be set up (e.g. ca_file unreadable):
  // a deployment error found at start-up, not per request.
  explicit OutboundClient(OutboundOptions options = {});
  ~OutboundClient();
  OutboundClient(const OutboundClient&) = delete;
  OutboundClient& operator=(const OutboundClient&) = delete;

  // Thread-safe; blocks the calling thread until the response or the deadline.
  Result<OutboundResponse> send(const OutboundRequest& request) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace convonet::http
