#pragma once
// The whole server over HTTP (ApiTest) plus the MCP handshake the /mcp tests start with.
#include <string>

#include "api/api_fixture.hpp"

namespace convonet::testing {

class McpApiTest : public ApiTest {
 protected:
  // POST /mcp initialize with the bearer token; on 200 the reply carries Mcp-Session-Id.
  Reply mcp_initialize(const std::string& token) {
    return call("POST", "/mcp",
                {{"jsonrpc", "2.0"},
                 {"id", 1},
                 {"method", "initialize"},
                 {"params",
                  {{"protocolVersion", "2025-11-25"}, {"capabilities", nlohmann::json::object()}}}},
                token, {{"Accept", "application/json, text/event-stream"}});
  }
};

}  // namespace convonet::testing
