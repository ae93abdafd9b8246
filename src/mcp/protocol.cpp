#include "mcp/protocol.hpp"

#include <algorithm>
#include <charconv>
#include <exception>

#include <date/tz.h>
#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "core/time.hpp"

namespace convonet::mcp {

namespace {

using nlohmann::json;

constexpr std::string_view kAgendaUri = "convonet://agenda/today";
constexpr std::string_view kTodosUri = "convonet://todos/open";

json result_response(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

bool is_valid_id(const json& id) {
  // MCP narrows JSON-RPC: a string or an integer, never null.
  return id.is_string() || id.is_number_integer() || id.is_number_unsigned();
}

// Cursors are opaque to clients; ours is the offset into the tool list.
std::string encode_cursor(std::size_t offset) {
  return concat({"t", std::to_string(offset)});
}

std::optional<std::size_t> decode_cursor(const std::string& cursor) {
  if (cursor.size() < 2 || cursor.size() > 12 || cursor[0] != 't') return std::nullopt;
  std::size_t offset = 0;
  const char* first = cursor.data() + 1;
  const char* last = cursor.data() + cursor.size();
  auto [end, ec] = std::from_chars(first, last, offset);
  if (ec != std::errc() || end != last) return std::nullopt;
  return offset;
}

json tool_json(const assistant::Tool& tool) {
  json out{{"name", tool.name},
           {"title", tool.title},
           {"description", tool.description},
           {"inputSchema", tool.input_schema},
           {"annotations",
            {{"title", tool.title},
             {"readOnlyHint", tool.hints.read_only},
             {"destructiveHint", tool.hints.destructive},
             {"idempotentHint", tool.hints.idempotent},
             // Tools act on ConvoNet's own data only.
             {"openWorldHint", false}}}};
  if (tool.output_schema.is_object() && !tool.output_schema.empty()) {
    out["outputSchema"] = tool.output_schema;
  }
  return out;
}

json tool_error(std::string message) {
  return json{{"content", json::array({json{{"type", "text"}, {"text", std::move(message)}}})},
              {"isError", true}};
}

// A tool's failure, for the model to read and correct; internals stay in the log.
std::string describe(const Error& error) {
  switch (error.kind) {
    case ErrorKind::internal:
      return "internal error: the tool failed unexpectedly";
    case ErrorKind::unavailable:
      return concat({"temporarily unavailable: ", error.message});
    default:
      return concat({error.code, ": ", error.message});
  }
}

const json* find_member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

const std::vector<std::string>& supported_versions() {
  static const std::vector<std::string> versions = {std::string(kLatestVersion), "2025-06-18",
                                                    std::string(kBatchVersion)};
  return versions;
}

bool is_supported_version(std::string_view version) {
  const auto& all = supported_versions();
  return std::find(all.begin(), all.end(), version) != all.end();
}

bool is_known_method(std::string_view method) {
  static constexpr std::string_view kMethods[] = {"initialize",
                                                  "ping",
                                                  "tools/list",
                                                  "tools/call",
                                                  "resources/list",
                                                  "resources/read",
                                                  "resources/templates/list",
                                                  "notifications/initialized",
                                                  "notifications/cancelled"};
  return std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods);
}

MessageKind classify(const json& message) {
  if (!message.is_object()) return MessageKind::invalid;
  const json* version = find_member(message, "jsonrpc");
  if (version == nullptr || !version->is_string() ||
      version->get_ref<const std::string&>() != "2.0") {
    return MessageKind::invalid;
  }
  const json* method = find_member(message, "method");
  const json* id = find_member(message, "id");
  if (method != nullptr) {
    if (!method->is_string()) return MessageKind::invalid;
    if (id == nullptr) return MessageKind::notification;
    return is_valid_id(*id) ? MessageKind::request : MessageKind::invalid;
  }
  if (id != nullptr && (message.contains("result") != message.contains("error"))) {
    return MessageKind::response;
  }
  return MessageKind::invalid;
}

json error_response(const json& id, int code, std::string_view message) {
  return json{{"jsonrpc", "2.0"},
              {"id", is_valid_id(id) ? id : json(nullptr)},
              {"error", {{"code", code}, {"message", message}}}};
}

json notification(std::string_view method, json params) {
  json out{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.empty()) out["params"] = std::move(params);
  return out;
}

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto part : parts) out.append(part);
  return out;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<json> parse_message(std::string_view text, json& error) {
  if (text.size() > kMaxMessageBytes) {
    error = error_response(nullptr, kInvalidRequest, "message too large");
    return Error::bad_request("message too large");
  }
  if (!json_nesting_within(text, kMaxDepth)) {
    error = error_response(nullptr, kInvalidRequest, "message nested too deeply");
    return Error::bad_request("message nested too deeply");
  }
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    error = error_response(nullptr, kParseError, "parse error: not valid JSON");
    return Error::bad_request("not valid JSON");
  }
  return value;
}

bool may_use(const Principal& principal, const assistant::Tool& tool) {
  if (principal.scopes.empty()) return true;
  const std::string write(kScopeWrite);
  if (principal.has_scope(write)) return true;
  return tool.hints.read_only && principal.has_scope(std::string(kScopeRead));
}

Server::Server(const assistant::ToolRegistry& tools, ServerOptions options)
    : tools_(tools), options_(std::move(options)) {
  options_.page_size = std::max<std::size_t>(options_.page_size, 1);
}

std::optional<std::string> Server::handle_text(SessionState& session, const Principal& principal,
                                               std::string_view text) const {
  json error;
  auto payload = parse_message(text, error);
  if (!payload) return dump(error);
  auto reply = handle(session, principal, *payload);
  if (!reply) return std::nullopt;
  return dump(*reply);
}

std::optional<json> Server::handle(SessionState& session, const Principal& principal,
                                   const json& payload) const {
  if (!payload.is_array()) return handle_one(session, principal, payload);
  // Batches were part of 2025-03-26 only; before initialize nobody has agreed on one.
  if (session.protocol_version != kBatchVersion) {
    return error_response(nullptr, kInvalidRequest,
                          "JSON-RPC batches are not supported in this protocol version");
  }
  if (payload.empty()) return error_response(nullptr, kInvalidRequest, "empty batch");
  json replies = json::array();
  for (const auto& message : payload) {
    if (message.is_object() && message.value("method", json()) == "initialize") {
      replies.push_back(error_response(message.value("id", json()), kInvalidRequest,
                                       "initialize must not be part of a batch"));
      continue;
    }
    if (auto reply = handle_one(session, principal, message)) replies.push_back(std::move(*reply));
  }
  if (replies.empty()) return std::nullopt;
  return replies;
}

std::optional<json> Server::handle_one(SessionState& session, const Principal& principal,
                                       const json& message) const {
  const json id = message.is_object() ? message.value("id", json()) : json();
  try {
    switch (classify(message)) {
      case MessageKind::invalid:
        return error_response(id, kInvalidRequest, "invalid request: not a JSON-RPC 2.0 message");
      case MessageKind::response:
        return std::nullopt;  // we send no requests, so there is nothing to match it with
      case MessageKind::notification: {
        const auto& method = message["method"].get_ref<const std::string&>();
        if (method == "notifications/initialized" && !session.protocol_version.empty()) {
          session.initialized = true;
        }
        return std::nullopt;  // unknown notifications are ignored, as the spec asks
      }
      case MessageKind::request:
        break;
    }
    const auto& method = message["method"].get_ref<const std::string&>();
    const json* params = find_member(message, "params");
    if (params != nullptr && !params->is_object()) {
      return error_response(id, kInvalidParams, "invalid params: params must be an object");
    }
    static const json kNoParams = json::object();
    return dispatch(session, principal, method, params != nullptr ? *params : kNoParams, id);
  } catch (const std::exception& e) {
    spdlog::error("mcp request failed error={}", e.what());
  }
  return error_response(id, kInternalError, "internal error");
}

json Server::dispatch(SessionState& session, const Principal& principal, const std::string& method,
                      const json& params, const json& id) const {
  if (!is_known_method(method) || method.starts_with("notifications/")) {
    return error_response(id, kMethodNotFound, concat({"method not found: ", method}));
  }
  if (method == "initialize") return initialize(session, params, id);
  if (method == "ping") return result_response(id, json::object());
  if (session.protocol_version.empty()) {
    return error_response(id, kInvalidRequest,
                          "the session is not initialized: send initialize first");
  }
  if (method == "tools/list") return tools_list(principal, params, id);
  if (method == "tools/call") return tools_call(principal, params, id);
  if (method == "resources/list") return resources_list(id);
  if (method == "resources/templates/list") {
    return result_response(id, json{{"resourceTemplates", json::array()}});
  }
  return resources_read(principal, params, id);
}

json Server::initialize(SessionState& session, const json& params, const json& id) const {
  if (!session.protocol_version.empty()) {
    return error_response(id, kInvalidRequest, "the session is already initialized");
  }
  const json* requested = find_member(params, "protocolVersion");
  if (requested == nullptr || !requested->is_string()) {
    return error_response(id, kInvalidParams, "invalid params: protocolVersion must be a string");
  }
  const json* capabilities = find_member(params, "capabilities");
  if (capabilities != nullptr && !capabilities->is_object()) {
    return error_response(id, kInvalidParams, "invalid params: capabilities must be an object");
  }
  const json* client = find_member(params, "clientInfo");
  if (client != nullptr && !client->is_object()) {
    return error_response(id, kInvalidParams, "invalid params: clientInfo must be an object");
  }
  const auto& version = requested->get_ref<const std::string&>();
  // Negotiation: the client's revision when we speak it, else our newest; the client then
  // decides whether it can go on.
  session.protocol_version = is_supported_version(version) ? version : std::string(kLatestVersion);
  if (client != nullptr) {
    auto name = client->find("name");
    if (name != client->end() && name->is_string()) {
      session.client_name = name->get<std::string>().substr(0, 100);
    }
  }
  json result{{"protocolVersion", session.protocol_version},
              {"capabilities",
               {{"tools", {{"listChanged", true}}}, {"resources", {{"listChanged", false}}}}},
              {"serverInfo",
               {{"name", options_.name}, {"title", "ConvoNet"}, {"version", options_.version}}}};
  if (!options_.instructions.empty()) result["instructions"] = options_.instructions;
  return result_response(id, std::move(result));
}

json Server::tools_list(const Principal& principal, const json& params, const json& id) const {
  std::size_t offset = 0;
  if (const json* cursor = find_member(params, "cursor"); cursor != nullptr && !cursor->is_null()) {
    std::optional<std::size_t> decoded;
    if (cursor->is_string()) decoded = decode_cursor(cursor->get<std::string>());
    if (!decoded) return error_response(id, kInvalidParams, "invalid params: unknown cursor");
    offset = *decoded;
  }
  std::vector<const assistant::Tool*> visible;
  for (const auto& tool : tools_.tools()) {
    if (may_use(principal, tool)) visible.push_back(&tool);
  }
  if (offset > visible.size()) {
    return error_response(id, kInvalidParams, "invalid params: unknown cursor");
  }
  const std::size_t end = std::min(visible.size(), offset + options_.page_size);
  json list = json::array();
  for (std::size_t i = offset; i < end; ++i) list.push_back(tool_json(*visible[i]));
  json result{{"tools", std::move(list)}};
  if (end < visible.size()) result["nextCursor"] = encode_cursor(end);
  return result_response(id, std::move(result));
}

json Server::tools_call(const Principal& principal, const json& params, const json& id) const {
  const json* name = find_member(params, "name");
  if (name == nullptr || !name->is_string()) {
    return error_response(id, kInvalidParams, "invalid params: name must be a string");
  }
  const json* arguments = find_member(params, "arguments");
  if (arguments != nullptr && !arguments->is_object() && !arguments->is_null()) {
    return error_response(id, kInvalidParams, "invalid params: arguments must be an object");
  }
  const auto& tool_name = name->get_ref<const std::string&>();
  const assistant::Tool* tool = tools_.find(tool_name);
  if (tool == nullptr) {
    return error_response(id, kInvalidParams, concat({"invalid params: unknown tool ", tool_name}));
  }
  if (!may_use(principal, *tool)) {
    return result_response(
        id, tool_error(concat({"forbidden: the access token's scopes do not allow ", tool_name})));
  }
  static const json kNoArguments = json::object();
  const json& input = arguments != nullptr && arguments->is_object() ? *arguments : kNoArguments;
  auto output = tools_.call(tool_name, principal, input);
  if (!output) {
    if (output.error().kind == ErrorKind::internal) {
      spdlog::error("mcp tool failed tool={} error={}", tool_name, output.error().message);
    }
    return result_response(id, tool_error(describe(output.error())));
  }
  // The text block carries the same JSON for clients that ignore structuredContent.
  json content = json::array({json{{"type", "text"}, {"text", dump(*output)}}});
  return result_response(
      id, json{{"content", std::move(content)}, {"structuredContent", std::move(*output)}});
}

json Server::resources_list(const json& id) const {
  json list = json::array();
  if (tools_.find("list_events") != nullptr) {
    list.push_back({{"uri", kAgendaUri},
                    {"name", "agenda-today"},
                    {"title", "Today's agenda"},
                    {"description", "Calendar occurrences of the user's day, in their time zone"},
                    {"mimeType", "application/json"}});
  }
  if (tools_.find("list_todos") != nullptr) {
    list.push_back({{"uri", kTodosUri},
                    {"name", "open-todos"},
                    {"title", "Open todos"},
                    {"description", "The user's open todos, personal and team, oldest first"},
                    {"mimeType", "application/json"}});
  }
  return result_response(id, json{{"resources", std::move(list)}});
}

json Server::resources_read(const Principal& principal, const json& params, const json& id) const {
  const json* uri = find_member(params, "uri");
  if (uri == nullptr || !uri->is_string()) {
    return error_response(id, kInvalidParams, "invalid params: uri must be a string");
  }
  const auto& text = uri->get_ref<const std::string&>();
  Result<json> content = Error::not_found("resource not found");
  if (text == kAgendaUri && tools_.find("list_events") != nullptr) {
    std::string zone_name = options_.timezone_of ? options_.timezone_of(principal) : "UTC";
    const date::time_zone* zone = nullptr;
    try {
      zone = date::locate_zone(zone_name);
    } catch (const std::exception&) {
      zone = date::locate_zone("UTC");
    }
    static const SystemClock system_clock;
    const Timestamp now = (options_.clock != nullptr ? *options_.clock : system_clock).now();
    const auto local_day = date::floor<date::days>(zone->to_local(now));
    const auto from = local_to_utc(*zone, date::local_seconds(local_day));
    const auto to = local_to_utc(*zone, date::local_seconds(local_day + date::days{1}));
    content = tools_.call("list_events", principal,
                          json{{"from", format_rfc3339(from)}, {"to", format_rfc3339(to)}});
  } else if (text == kTodosUri && tools_.find("list_todos") != nullptr) {
    content = tools_.call("list_todos", principal, json{{"status", "open"}, {"limit", 200}});
  } else {
    return error_response(id, kResourceNotFound,
                          concat({"resource not found: ", text.substr(0, 200)}));
  }
  if (!content) {
    return error_response(id, kInternalError,
                          concat({"cannot read the resource: ", content.error().message}));
  }
  return result_response(id, json{{"contents", json::array({json{{"uri", text},
                                                                 {"mimeType", "application/json"},
                                                                 {"text", dump(*content)}}})}});
}

}  // namespace convonet::mcp
