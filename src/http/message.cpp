#include "http/message.hpp"

#include <array>
#include <cstdint>
#include <random>

#include "core/text.hpp"

namespace convonet::http {

namespace {

constexpr int kMaxJsonDepth = 64;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_json_media_type(std::string_view content_type) {
  auto semicolon = content_type.find(';');
  return iequals(trim_spaces(content_type.substr(0, semicolon)), "application/json");
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Response json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  // Replace rather than throw: data from storage or clients may hold invalid UTF-8.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response error(const Error& e) {
  Response response =
      json(http_status(e.kind), {{"error", {{"code", e.code}, {"message", e.message}}}});
  if (e.retry_after_seconds) {
    response.headers.emplace_back("Retry-After", std::to_string(*e.retry_after_seconds));
  }
  return response;
}

Response no_content() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Result<nlohmann::json> parse_json_body(const Request& request) {
  auto content_type = request.header("Content-Type");
  if (!content_type || !is_json_media_type(*content_type)) {
    return Error::unsupported_media_type("Content-Type must be application/json",
                                         "invalid_content_type");
  }
  if (!is_valid_utf8(request.body)) {
    return Error::bad_request("request body is not valid UTF-8", "invalid_utf8");
  }
  if (!json_nesting_within(request.body, kMaxJsonDepth)) {
    return Error::bad_request("request body is nested too deeply", "invalid_json");
  }
  auto parsed = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Error::bad_request("request body is not valid JSON", "invalid_json");
  }
  if (!parsed.is_object()) {
    return Error::bad_request("request body must be a JSON object", "invalid_json");
  }
  return parsed;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      char decoded = static_cast<char>(high * 16 + low);
      if (decoded == '\0') return std::nullopt;
      out.push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Status parse_target(std::string_view target, Request& request) {
  if (target.empty() || target.front() != '/') {
    return Error::bad_request("request target must start with '/'", "invalid_target");
  }
  auto question = target.find('?');
  auto path = percent_decode(target.substr(0, question), /*plus_as_space=*/false);
  if (!path) return Error::bad_request("malformed percent-encoding in path", "invalid_target");

  std::vector<std::pair<std::string, std::string>> query;
  if (question != std::string_view::npos) {
    std::string_view rest = target.substr(question + 1);
    auto fragment = rest.find('#');
    rest = rest.substr(0, fragment);
    while (!rest.empty()) {
      auto amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
      if (pair.empty()) continue;
      auto eq = pair.find('=');
      auto key = percent_decode(pair.substr(0, eq), true);
      auto value = percent_decode(
          eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
      if (!key || !value) {
        return Error::bad_request("malformed percent-encoding in query", "invalid_target");
      }
      query.emplace_back(std::move(*key), std::move(*value));
    }
  }
  request.target = std::string(target);
  request.path = std::move(*path);
  request.query = std::move(query);
  return {};
}

bool is_sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string generate_request_id() {
  // Ids only need to be unique enough to correlate logs, not unguessable.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string id(32, '0');
  for (std::size_t i = 0; i < id.size(); i += 16) {
    std::uint64_t bits = engine();
    for (std::size_t j = 0; j < 16; ++j) {
      id[i + j] = kHex[bits & 0xF];
      bits >>= 4;
    }
  }
  return id;
}

}  // namespace convonet::http
