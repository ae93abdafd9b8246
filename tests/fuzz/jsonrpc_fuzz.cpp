// Property: any bytes given to the MCP JSON-RPC engine as a message get either no reply (a
// notification or response) or one reply that is a valid JSON-RPC response object (or, for
// a batch, an array of them); never a crash, an exception or a sanitizer report. Runs in three
// session states: fresh, initialized at the newest revision, and at 2025-03-26 (batches).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mcp/http_transport.hpp"
#include "mcp/protocol.hpp"

namespace {

using nlohmann::json;
using namespace convonet;

json schema(json properties) {
  return {
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
}

const assistant::ToolRegistry& registry() {
  static const assistant::ToolRegistry tools = [] {
    assistant::ToolRegistry r;
    r.add({"echo", "Echo", "Returns its text.",
           schema({{"text", {{"type", "string"}, {"maxLength", 100}}},
                   {"n", {{"type", "integer"}, {"minimum", 0}}}}),
           schema({{"text", {{"type", "string"}}}}), assistant::ToolHints{true, false, true},
           [](const Principal&, const json& in) -> Result<json> {
             return json{{"text", in.value("text", std::string())}};
           }});
    r.add({"refuse", "Refuse", "Always fails.", schema({}), schema({}), assistant::ToolHints{},
           [](const Principal&, const json&) -> Result<json> { return Error::forbidden("no"); }});
    return r;
  }();
  return tools;
}

void check_response(const json& reply) {
  if (!reply.is_object() || reply.value("jsonrpc", "") != "2.0" || !reply.contains("id")) {
    std::abort();
  }
  if (reply.contains("result") == reply.contains("error")) std::abort();
}

void check(const std::optional<std::string>& reply) {
  if (!reply) return;
  const json parsed = json::parse(*reply, nullptr, false);
  if (parsed.is_discarded()) std::abort();
  if (parsed.is_array()) {
    if (parsed.empty()) std::abort();
    for (const auto& r : parsed) check_response(r);
  } else {
    check_response(parsed);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mcp::Server server(registry(), [] {
    mcp::ServerOptions o;
    o.page_size = 1;
    return o;
  }());
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Principal full{1, {}};
  const Principal reader{2, {"read"}};

  mcp::SessionState fresh;
  check(server.handle_text(fresh, full, text));

  for (const char* version : {"2025-11-25", "2025-03-26"}) {
    mcp::SessionState session;
    const std::string init =
        std::string(
            R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") +
        version + R"("}})";
    check(server.handle_text(session, full, init));
    if (session.protocol_version != version) std::abort();
    check(server.handle_text(session, version[5] == '1' ? full : reader, text));
  }
  // The Host/Origin parser reads the same untrusted bytes.
  (void)mcp::host_name_of(text, true);
  (void)mcp::host_name_of(text, false);
  return 0;
}
