#include "api/json_io.hpp"

#include <charconv>

#include "auth/crypto.hpp"
#include "core/text.hpp"
#include "store/repositories.hpp"

namespace convonet::api {

using nlohmann::json;

const json* BodyReader::field(const char* key) {
  known_.insert(key);
  const auto it = body_.find(key);
  return it == body_.end() ? nullptr : &*it;
}

void BodyReader::fail(std::string message) {
  if (!error_) error_ = Error::unprocessable(std::move(message));
}

bool BodyReader::has(const char* key) {
  return field(key) != nullptr;
}

bool BodyReader::is_null(const char* key) {
  const auto* f = field(key);
  return f != nullptr && f->is_null();
}

std::optional<std::string> BodyReader::string(const char* key, std::size_t max_bytes) {
  const auto* f = field(key);
  if (f == nullptr || f->is_null()) return std::nullopt;
  if (!f->is_string()) {
    fail(std::string("'") + key + "' must be a string");
    return std::nullopt;
  }
  const auto& value = f->get_ref<const std::string&>();
  if (value.size() > max_bytes) {
    fail(std::string("'") + key + "' is too long");
    return std::nullopt;
  }
  return value;
}

std::string BodyReader::required_string(const char* key, std::size_t max_bytes) {
  if (is_null(key)) {
    fail(std::string("'") + key + "' cannot be null");
    return {};
  }
  auto value = string(key, max_bytes);
  if (!value) {
    fail(std::string("'") + key + "' is required");
    return {};
  }
  return *value;
}

std::optional<std::int64_t> BodyReader::integer(const char* key) {
  const auto* f = field(key);
  if (f == nullptr || f->is_null()) return std::nullopt;
  if (!f->is_number_integer()) {
    fail(std::string("'") + key + "' must be an integer");
    return std::nullopt;
  }
  return f->get<std::int64_t>();
}

std::optional<bool> BodyReader::boolean(const char* key) {
  const auto* f = field(key);
  if (f == nullptr || f->is_null()) return std::nullopt;
  if (!f->is_boolean()) {
    fail(std::string("'") + key + "' must be true or false");
    return std::nullopt;
  }
  return f->get<bool>();
}

std::optional<Timestamp> BodyReader::timestamp(const char* key) {
  auto text = string(key, 64);
  if (!text) return std::nullopt;
  auto t = parse_rfc3339(*text);
  if (!t)
    fail(std::string("'") + key + "' must be an RFC 3339 date-time like 2026-11-24T14:00:00Z");
  return t;
}

std::optional<std::vector<std::string>> BodyReader::strings(const char* key,
                                                            std::size_t max_items) {
  const auto* f = field(key);
  if (f == nullptr || f->is_null()) return std::nullopt;
  const auto bad = std::string("'") + key + "' must be an array of strings";
  if (!f->is_array() || f->size() > max_items) {
    fail(f->is_array() ? std::string("'") + key + "' has too many items" : bad);
    return std::nullopt;
  }
  std::vector<std::string> values;
  for (const auto& item : *f) {
    if (!item.is_string()) {
      fail(bad);
      return std::nullopt;
    }
    values.push_back(item.get<std::string>());
  }
  return values;
}

Status BodyReader::finish() const {
  if (error_) return *error_;
  for (const auto& [key, value] : body_.items()) {
    if (!known_.contains(key)) return Error::unprocessable("unknown field '" + key + "'");
  }
  return {};
}

namespace {

std::optional<std::int64_t> parse_int64(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return value;
}

constexpr const char* kRfc3339 = "an RFC 3339 date-time like 2026-11-24T14:00:00Z";

Error bad_parameter(const char* name, const char* expected, const char* where = "query") {
  return Error::bad_request(std::string(where) + " parameter '" + name + "' must be " + expected,
                            "invalid_parameter");
}

}  // namespace

Result<std::optional<std::int64_t>> query_id(const http::Request& r, const char* name) {
  auto text = r.query_param(name);
  if (!text) return std::optional<std::int64_t>{};
  auto value = parse_int64(*text);
  if (!value || *value < 1) return bad_parameter(name, "a positive integer id");
  return std::optional<std::int64_t>{*value};
}

Result<std::optional<Timestamp>> query_time(const http::Request& r, const char* name) {
  auto text = r.query_param(name);
  if (!text) return std::optional<Timestamp>{};
  auto value = parse_rfc3339(*text);
  if (!value) return bad_parameter(name, kRfc3339);
  return std::optional<Timestamp>{*value};
}

Result<std::optional<std::int64_t>> query_int(const http::Request& r, const char* name,
                                              std::int64_t min, std::int64_t max) {
  auto text = r.query_param(name);
  if (!text) return std::optional<std::int64_t>{};
  auto value = parse_int64(*text);
  if (!value || *value < min || *value > max) {
    const auto range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    return bad_parameter(name, range.c_str());
  }
  return std::optional<std::int64_t>{*value};
}

Result<store::Id> path_id(const http::Request& r, const char* name) {
  const auto it = r.path_params.find(name);
  if (it == r.path_params.end()) return Error::not_found("not found");
  auto value = parse_int64(it->second);
  if (!value || *value < 1) return Error::not_found("not found");
  return *value;
}

Result<Timestamp> path_time(const http::Request& r, const char* name) {
  const auto it = r.path_params.find(name);
  auto value = it == r.path_params.end() ? std::nullopt : parse_rfc3339(it->second);
  if (!value) return bad_parameter(name, kRfc3339, "path");
  return *value;
}

std::string encode_cursor(std::string_view value) {
  return auth::base64url_encode(value);
}

Result<std::string> decode_cursor(std::string_view cursor) {
  auto value = auth::base64url_decode(cursor);
  if (!value || value->empty() || value->size() > 64) {
    return Error::bad_request("cursor is not one this server issued", "invalid_cursor");
  }
  return *value;
}

json user_json(const store::User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"timezone", u.timezone},
          {"phone_numbers", u.phone_numbers},
          {"has_pin", u.pin_hash.has_value()},
          {"created_at", format_rfc3339(u.created_at)}};
}

}  // namespace convonet::api
