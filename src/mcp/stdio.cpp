#include "mcp/stdio.hpp"

#include <string>

#include <spdlog/spdlog.h>

namespace convonet::mcp {

namespace {

enum class LineRead { line, too_long, end };

// Reads one line of at most `limit` bytes; a longer one is consumed and reported, so one
// huge message cannot exhaust memory.
LineRead read_line(std::istream& in, std::string& line, std::size_t limit) {
  line.clear();
  bool too_long = false;
  for (;;) {
    const int c = in.get();
    if (c == std::char_traits<char>::eof()) {
      if (line.empty() && !too_long) return LineRead::end;
      break;
    }
    if (c == '\n') break;
    if (line.size() < limit) {
      line.push_back(static_cast<char>(c));
    } else {
      too_long = true;
    }
  }
  if (too_long) return LineRead::too_long;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return LineRead::line;
}

}  // namespace

void serve_stdio(const Server& server, const std::function<Result<Principal>()>& authenticate,
                 std::istream& in, std::ostream& out) {
  SessionState session;
  std::string line;
  auto send = [&](const nlohmann::json& message) { out << dump(message) << '\n' << std::flush; };
  for (;;) {
    const auto read = read_line(in, line, kMaxMessageBytes);
    if (read == LineRead::end) break;
    if (read == LineRead::too_long) {
      send(error_response(nullptr, kInvalidRequest, "message too large"));
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    nlohmann::json failure;
    auto payload = parse_message(line, failure);
    if (!payload) {
      send(failure);
      continue;
    }
    auto principal = authenticate();
    if (!principal) {
      spdlog::warn("mcp stdio token rejected error=\"{}\"", principal.error().message);
      if (payload->is_object() && classify(*payload) == MessageKind::request) {
        send(error_response((*payload)["id"], -32001,
                            concat({"unauthorized: ", principal.error().message})));
      }
      continue;
    }
    if (auto reply = server.handle(session, *principal, *payload)) send(*reply);
  }
}

}  // namespace convonet::mcp
