#include "mcp/http_transport.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "http/stream.hpp"

namespace convonet::mcp {

namespace {

using nlohmann::json;

constexpr std::string_view kSessionHeader = "Mcp-Session-Id";
constexpr std::string_view kVersionHeader = "MCP-Protocol-Version";
// Transport-level refusals carry a JSON-RPC error body with this server-defined code.
constexpr int kTransportError = -32000;
constexpr int kUnauthorizedError = -32001;

http::Response rpc_error(int status, int code, std::string_view message) {
  http::Response response;
  response.status = status;
  response.body = dump(error_response(nullptr, code, message));
  return response;
}

http::Response rpc_body(int status, const json& body) {
  http::Response response;
  response.status = status;
  response.body = dump(body);
  return response;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Does an Accept header admit this media type ("type/subtype")? Wildcards count.
bool accepts(std::optional<std::string_view> header, std::string_view media_type) {
  if (!header) return false;
  const std::string type(media_type.substr(0, media_type.find('/')));
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    item = item.substr(0, item.find(';'));
    const std::string range = lower(trim(item));
    if (range == media_type || range == "*/*" || range == type + "/*") return true;
  }
  return false;
}

bool is_json_content(std::optional<std::string_view> header) {
  if (!header) return false;
  const std::string value = lower(trim(header->substr(0, header->find(';'))));
  return value == "application/json";
}

bool is_loopback_name(std::string_view host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

}  // namespace

std::string host_name_of(std::string_view raw, bool is_url) {
  const std::string trimmed = trim(raw);
  std::string_view value = trimmed;
  if (is_url) {
    const auto scheme = value.find("://");
    if (scheme == std::string_view::npos) return {};
    value = value.substr(scheme + 3);
    value = value.substr(0, value.find_first_of("/?#"));
    if (value.find('@') != std::string_view::npos) return {};  // userinfo: not an origin
  }
  if (value.empty()) return {};
  std::string_view host;
  if (value.front() == '[') {
    const auto close = value.find(']');
    if (close == std::string_view::npos) return {};
    host = value.substr(0, close + 1);
    const auto after = value.substr(close + 1);
    if (!after.empty() && after.front() != ':') return {};
  } else {
    host = value.substr(0, value.find(':'));
  }
  if (host.empty()) return {};
  for (char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '/' || c == '\\') return {};
  }
  return lower(host);
}

std::vector<std::string> allowed_hosts_for(std::string_view listen_host,
                                           std::string_view public_url) {
  std::vector<std::string> hosts;
  auto add = [&](std::string host) {
    if (host.empty() || std::find(hosts.begin(), hosts.end(), host) != hosts.end()) return;
    hosts.push_back(std::move(host));
  };
  // A wildcard listen address names no host a client would use.
  if (listen_host != "0.0.0.0" && listen_host != "::" && listen_host != "[::]") {
    const bool v6 = listen_host.find(':') != std::string_view::npos && listen_host.front() != '[';
    add(v6 ? concat({"[", lower(listen_host), "]"}) : host_name_of(listen_host, false));
  }
  add(host_name_of(public_url, true));
  return hosts;
}

HttpTransport::HttpTransport(const Server& server, SessionStore& sessions,
                             Authenticator authenticate, HttpOptions options)
    : server_(server),
      sessions_(sessions),
      authenticate_(std::move(authenticate)),
      options_(std::move(options)),
      base_url_(options_.public_url) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  for (auto& host : options_.allowed_hosts) host = lower(host);
}

std::string HttpTransport::resource_metadata_url() const {
  return base_url_ + "/.well-known/oauth-protected-resource";
}

void HttpTransport::add_routes(http::Router& router) {
  router.add("POST", "/mcp", [this](http::Request& r) { return post(r); });
  router.add("GET", "/mcp", [this](http::Request& r) { return get(r); });
  router.add("DELETE", "/mcp", [this](http::Request& r) { return remove(r); });
  auto metadata = [this](http::Request&) { return resource_metadata(); };
  router.add("GET", "/.well-known/oauth-protected-resource", metadata);
  router.add("GET", "/.well-known/oauth-protected-resource/mcp", metadata);
}

http::Response HttpTransport::resource_metadata() const {
  json document{{"resource", base_url_ + "/mcp"},
                {"resource_name", "ConvoNet"},
                {"bearer_methods_supported", json::array({"header"})},
                {"scopes_supported", json::array({kScopeRead, kScopeWrite})},
                {"resource_documentation", base_url_ + "/api/v1/openapi.yaml"}};
  auto response = http::json(200, document);
  response.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return response;
}

// DNS-rebinding defence: a browser page on another site that resolves to us carries its own
// Host and Origin. Requests without Origin (Node, curl, desktop clients) are fine.
std::optional<http::Response> HttpTransport::check_origin(const http::Request& request) const {
  auto allowed = [&](const std::string& host) {
    return !host.empty() && (is_loopback_name(host) ||
                             std::find(options_.allowed_hosts.begin(), options_.allowed_hosts.end(),
                                       host) != options_.allowed_hosts.end());
  };
  const auto host = request.header("Host");
  if (!host || !allowed(host_name_of(*host, false))) {
    return rpc_error(403, kTransportError,
                     "forbidden: Host header names a host this server does not serve");
  }
  if (const auto origin = request.header("Origin")) {
    if (!allowed(host_name_of(*origin, true))) {
      return rpc_error(403, kTransportError, "forbidden: Origin not allowed");
    }
  }
  return std::nullopt;
}

Result<Principal> HttpTransport::authenticate(const http::Request& request,
                                              http::Response& refusal) const {
  const auto header = request.header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  std::string challenge = concat({"Bearer resource_metadata=\"", resource_metadata_url(), "\""});
  Error failure = Error::unauthorized("an Authorization: Bearer token is required");
  if (header && header->size() > kScheme.size() &&
      iequals(header->substr(0, kScheme.size()), kScheme)) {
    auto principal = authenticate_(trim(header->substr(kScheme.size())));
    if (principal) return principal;
    failure = principal.error();
    challenge.append(", error=\"invalid_token\"");
  }
  refusal = rpc_error(401, kUnauthorizedError, concat({"unauthorized: ", failure.message}));
  refusal.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return failure;
}

std::optional<http::Response> HttpTransport::check_version(const http::Request& request,
                                                           const SessionState& state) const {
  const auto version = request.header(kVersionHeader);
  if (!version) return std::nullopt;  // older clients; the session's version applies
  if (!is_supported_version(*version)) {
    return rpc_error(
        400, kTransportError,
        concat({"bad request: unsupported MCP-Protocol-Version ", version->substr(0, 40)}));
  }
  if (!state.protocol_version.empty() && *version != state.protocol_version) {
    return rpc_error(400, kTransportError,
                     concat({"bad request: MCP-Protocol-Version differs from the negotiated ",
                             state.protocol_version}));
  }
  return std::nullopt;
}

http::Response HttpTransport::post(http::Request& request) const {
  if (auto refused = check_origin(request)) return std::move(*refused);
  if (!accepts(request.header("Accept"), "application/json") ||
      !accepts(request.header("Accept"), "text/event-stream")) {
    return rpc_error(406, kTransportError,
                     "not acceptable: Accept must list application/json and text/event-stream");
  }
  if (!is_json_content(request.header("Content-Type"))) {
    return rpc_error(415, kTransportError, "unsupported media type: send application/json");
  }
  json parse_failure;
  auto payload = parse_message(request.body, parse_failure);
  if (!payload) return rpc_body(400, parse_failure);

  // Answered before authentication, so that a client probing with a method we do not have
  // (server/discover) gets the JSON-RPC error it falls back on, not a 401.
  if (payload->is_object()) {
    const auto kind = classify(*payload);
    if (kind == MessageKind::invalid) {
      return rpc_body(400, error_response(payload->value("id", json()), kInvalidRequest,
                                          "invalid request: not a JSON-RPC 2.0 message"));
    }
    if (kind == MessageKind::request) {
      const auto& method = (*payload)["method"].get_ref<const std::string&>();
      if (!is_known_method(method) || method.starts_with("notifications/")) {
        return rpc_body(200, error_response((*payload)["id"], kMethodNotFound,
                                            concat({"method not found: ", method})));
      }
    }
  } else if (!payload->is_array()) {
    return rpc_body(400, error_response(nullptr, kInvalidRequest,
                                        "invalid request: not a JSON-RPC 2.0 message"));
  }

  http::Response refusal;
  auto principal = authenticate(request, refusal);
  if (!principal) return refusal;

  const auto session_header = request.header(kSessionHeader);
  const bool initialize = payload->is_object() && classify(*payload) == MessageKind::request &&
                          (*payload)["method"] == "initialize";
  if (initialize && !session_header) {
    auto entry = sessions_.create(principal->user_id);
    std::optional<json> reply;
    {
      std::lock_guard lock(entry->mutex);
      reply = server_.handle(entry->state, *principal, *payload);
    }
    const bool ok = reply && reply->contains("result");
    if (!ok) {
      sessions_.remove(entry->id, principal->user_id);
      return rpc_body(400, reply.value_or(json::object()));
    }
    spdlog::info("mcp session started user_id={} client=\"{}\" version={}", principal->user_id,
                 entry->state.client_name, entry->state.protocol_version);
    auto response = rpc_body(200, *reply);
    response.headers.emplace_back(kSessionHeader, entry->id);
    return response;
  }
  if (!session_header) {
    return rpc_error(400, kTransportError,
                     "bad request: Mcp-Session-Id header is required (send initialize first)");
  }
  auto entry = sessions_.find(std::string(*session_header), principal->user_id);
  if (!entry) return rpc_error(404, kTransportError, "session not found: initialize a new one");
  std::optional<json> reply;
  {
    std::lock_guard lock(entry->mutex);
    if (auto refused = check_version(request, entry->state)) return std::move(*refused);
    reply = server_.handle(entry->state, *principal, *payload);
  }
  if (!reply) {
    http::Response accepted;
    accepted.status = 202;
    accepted.content_type.clear();
    return accepted;
  }
  return rpc_body(200, *reply);
}

http::Response HttpTransport::get(http::Request& request) const {
  if (auto refused = check_origin(request)) return std::move(*refused);
  http::Response refusal;
  auto principal = authenticate(request, refusal);
  if (!principal) return refusal;
  if (!accepts(request.header("Accept"), "text/event-stream")) {
    return rpc_error(406, kTransportError, "not acceptable: Accept must list text/event-stream");
  }
  const auto session_header = request.header(kSessionHeader);
  if (!session_header) {
    return rpc_error(400, kTransportError, "bad request: Mcp-Session-Id header is required");
  }
  auto entry = sessions_.find(std::string(*session_header), principal->user_id);
  if (!entry) return rpc_error(404, kTransportError, "session not found: initialize a new one");
  {
    std::lock_guard lock(entry->mutex);
    if (auto refused = check_version(request, entry->state)) return std::move(*refused);
  }
  auto stream = std::make_shared<http::StreamBody>(": keep-alive\n\n", options_.heartbeat);
  {
    // One GET stream per session: a reconnect replaces the old one.
    std::lock_guard lock(entry->stream_mutex);
    if (entry->stream) entry->stream->close();
    entry->stream = stream;
  }
  http::Response response;
  response.status = 200;
  response.content_type = "text/event-stream";
  response.headers.emplace_back("Cache-Control", "no-cache, no-store");
  response.headers.emplace_back("X-Accel-Buffering", "no");
  response.headers.emplace_back(kSessionHeader, entry->id);
  response.stream = std::move(stream);
  return response;
}

http::Response HttpTransport::remove(http::Request& request) const {
  if (auto refused = check_origin(request)) return std::move(*refused);
  http::Response refusal;
  auto principal = authenticate(request, refusal);
  if (!principal) return refusal;
  const auto session_header = request.header(kSessionHeader);
  if (!session_header) {
    return rpc_error(400, kTransportError, "bad request: Mcp-Session-Id header is required");
  }
  if (!sessions_.remove(std::string(*session_header), principal->user_id)) {
    return rpc_error(404, kTransportError, "session not found");
  }
  spdlog::info("mcp session ended user_id={}", principal->user_id);
  return http::no_content();
}

std::size_t HttpTransport::notify_tools_list_changed() const {
  return sessions_.broadcast(concat(
      {"event: message\ndata: ", dump(notification("notifications/tools/list_changed")), "\n\n"}));
}

}  // namespace convonet::mcp
