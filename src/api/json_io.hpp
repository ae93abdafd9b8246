#pragma once
// JSON in and out for the REST channel: strict readers for request bodies and query strings
// (type errors, unknown fields -> clear 4xx) and renderers for every resource.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/time.hpp"
#include "http/message.hpp"
#include "productivity/wire.hpp"
#include "store/records.hpp"

namespace convonet::api {

// Reads fields of one JSON object body. The first problem is kept; finish() also rejects
// fields nobody asked for, so a typo is an error instead of a silently ignored field.
class BodyReader {
 public:
  explicit BodyReader(const nlohmann::json& body) : body_(body) {}

  bool has(const char* key);      // present, even if null
  bool is_null(const char* key);  // present and null
  std::optional<std::string> string(const char* key, std::size_t max_bytes = 20000);
  std::string required_string(const char* key, std::size_t max_bytes = 20000);
  std::optional<std::int64_t> integer(const char* key);
  std::optional<bool> boolean(const char* key);
  std::optional<Timestamp> timestamp(const char* key);
  std::optional<std::vector<std::string>> strings(const char* key, std::size_t max_items = 100);

  Status finish() const;

 private:
  const nlohmann::json* field(const char* key);
  void fail(std::string message);

  const nlohmann::json& body_;
  std::set<std::string> known_;
  std::optional<Error> error_;
};

// Query-string and path values; malformed ones are 400s naming the parameter.
Result<std::optional<std::int64_t>> query_id(const http::Request& r, const char* name);
Result<std::optional<Timestamp>> query_time(const http::Request& r, const char* name);
Result<std::optional<std::int64_t>> query_int(const http::Request& r, const char* name,
                                              std::int64_t min, std::int64_t max);
// A path id that is not a positive integer names nothing: 404.
Result<store::Id> path_id(const http::Request& r, const char* name = "id");
// An RFC 3339 instant in the path (percent-decoded, so "%3A" and "%2B" work): a malformed one
// is a 400 naming the parameter, like a query parameter.
Result<Timestamp> path_time(const http::Request& r, const char* name);

// Opaque pagination cursors.
std::string encode_cursor(std::string_view value);
Result<std::string> decode_cursor(std::string_view cursor);

nlohmann::json user_json(const store::User& u);

// Resource shapes shared with the other channels.
using productivity::event_json;
using productivity::member_json;
using productivity::occurrence_json;
using productivity::team_json;
using productivity::todo_text;
using productivity::write_todo;

}  // namespace convonet::api
