#pragma once
// The Model Context Protocol over JSON-RPC 2.0, transport-neutral: stdio and Streamable HTTP
// both feed messages here. Tools come from the one assistant::ToolRegistry (MCP declares none
// of its own); every call runs as the caller's Principal, so roles apply as over REST.
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "assistant/tools/registry.hpp"
#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace convonet::mcp {

// Protocol revisions, newest first. The newest is what we answer a client asking for one we
// do not know; JSON-RPC batches exist only in the oldest.
inline constexpr std::string_view kLatestVersion = "2025-11-25";
inline constexpr std::string_view kBatchVersion = "2025-03-26";
const std::vector<std::string>& supported_versions();
bool is_supported_version(std::string_view version);

// JSON-RPC 2.0 error codes, plus MCP's resource-not-found.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kResourceNotFound = -32002,
};

// Token scopes a personal access token may carry (an empty scope list is a full session).
inline constexpr std::string_view kScopeRead = "read";
inline constexpr std::string_view kScopeWrite = "write";

// Messages larger or deeper than this are refused before they are parsed into a tree.
inline constexpr std::size_t kMaxMessageBytes = 4 << 20;
inline constexpr int kMaxDepth = 64;

// One MCP session: a stdio process or an Mcp-Session-Id. Not thread-safe; callers serialise.
struct SessionState {
  std::string protocol_version;  // negotiated; empty until initialize succeeded
  bool initialized = false;      // notifications/initialized received
  std::string client_name;       // for logs
};

struct ServerOptions {
  std::string name = "convonet";
  std::string version = "0.0.0";
  std::string instructions;
  std::size_t page_size = 50;  // tools per tools/list page
  // The principal's IANA time zone, for convonet://agenda/today; none: UTC.
  std::function<std::string(const Principal&)> timezone_of;
  const Clock* clock = nullptr;  // none: the system clock
};

// A method name the server implements (requests and notifications).
bool is_known_method(std::string_view method);

// What kind of JSON-RPC message a value is, without handling it.
enum class MessageKind { request, notification, response, invalid };
MessageKind classify(const nlohmann::json& message);

// A JSON-RPC error response; id is null when the request's id could not be read.
nlohmann::json error_response(const nlohmann::json& id, int code, std::string_view message);
nlohmann::json notification(std::string_view method,
                            nlohmann::json params = nlohmann::json::object());

// Parses one message text: an error value (a JSON-RPC error response with a null id) for
// invalid JSON (-32700) or a message too large or too deeply nested (-32600).
Result<nlohmann::json> parse_message(std::string_view text, nlohmann::json& error);

// Concatenation by appending: GCC 12 at -O3 warns (falsely, -Wrestrict) on "literal" + string.
std::string concat(std::initializer_list<std::string_view> parts);

// Compact JSON text; invalid UTF-8 from a client is replaced, never thrown on.
std::string dump(const nlohmann::json& value);

class Server {
 public:
  Server(const assistant::ToolRegistry& tools, ServerOptions options);

  // Handles one parsed payload (a message, or a batch where the session's version allows it)
  // as principal. Returns the reply (a response, or an array of them for a batch), or nothing
  // when the payload held no requests. Never throws.
  std::optional<nlohmann::json> handle(SessionState& session, const Principal& principal,
                                       const nlohmann::json& payload) const;

  // Parses and handles one message text (stdio lines, fuzzing). Never throws.
  std::optional<std::string> handle_text(SessionState& session, const Principal& principal,
                                         std::string_view text) const;

  const ServerOptions& options() const { return options_; }

 private:
  std::optional<nlohmann::json> handle_one(SessionState& session, const Principal& principal,
                                           const nlohmann::json& message) const;
  nlohmann::json dispatch(SessionState& session, const Principal& principal,
                          const std::string& method, const nlohmann::json& params,
                          const nlohmann::json& id) const;
  nlohmann::json initialize(SessionState& session, const nlohmann::json& params,
                            const nlohmann::json& id) const;
  nlohmann::json tools_list(const Principal& principal, const nlohmann::json& params,
                            const nlohmann::json& id) const;
  nlohmann::json tools_call(const Principal& principal, const nlohmann::json& params,
                            const nlohmann::json& id) const;
  nlohmann::json resources_list(const nlohmann::json& id) const;
  nlohmann::json resources_read(const Principal& principal, const nlohmann::json& params,
                                const nlohmann::json& id) const;

  const assistant::ToolRegistry& tools_;
  ServerOptions options_;
};

// May the principal's scopes run this tool? Read-only tools need "read" (or "write"), the
// others "write"; a full session may run everything.
bool may_use(const Principal& principal, const assistant::Tool& tool);

}  // namespace convonet::mcp
