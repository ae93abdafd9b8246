#pragma once
// Who is asking: every channel (REST, voice, MCP, CLI) authenticates to a Principal and passes
// it to the services, which decide what it may do.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace convonet {

struct Principal {
  std::int64_t user_id = 0;
  // Empty: a full session (password login). Otherwise the token's granted scopes.
  std::vector<std::string> scopes;

  bool has_scope(const std::string& scope) const {
    return scopes.empty() || std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
  }
};

}  // namespace convonet
