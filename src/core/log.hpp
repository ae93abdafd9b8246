#pragma once
// Structured logs: one line per event, "key=value" pairs after the message (logfmt), on stderr
// so stdout stays free for command output (e.g. the MCP stdio transport).
#include <string>

namespace convonet {

void init_logging(const std::string& level);

}  // namespace convonet
