#pragma once
// The stdio transport: one JSON-RPC message per line on stdin, one per line on stdout, and
// nothing else on stdout (logs go to stderr), as MCP clients that spawn `convonet mcp` expect.
#include <functional>
#include <istream>
#include <ostream>

#include "core/principal.hpp"
#include "core/result.hpp"
#include "mcp/protocol.hpp"

namespace convonet::mcp {

// Serves until `in` ends. authenticate runs before each request, so a revoked or expired
// token stops working mid-session (the request gets a JSON-RPC error, code -32001).
void serve_stdio(const Server& server, const std::function<Result<Principal>()>& authenticate,
                 std::istream& in, std::ostream& out);

}  // namespace convonet::mcp
