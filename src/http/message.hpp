#pragma once
// The transport-neutral request and response that handlers see. No Beast types here: every
// component that writes handlers includes this header, and it must stay cheap to compile.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace convonet::http {

class StreamBody;  // http/stream.hpp

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", ...
  std::string path;    // percent-decoded path without the query, e.g. "/api/v1/todos/7"
  std::string target;  // raw request target
  std::vector<std::pair<std::string, std::string>> query;  // percent-decoded, '+' as space
  Headers headers;                                         // as received, in order
  std::string body;
  std::string remote_address;                      // peer IP
  std::string request_id;                          // from a sane X-Request-Id, else generated
  std::map<std::string, std::string> path_params;  // filled by the router, e.g. {"id":"7"}
  std::string route;  // matched route pattern, e.g. "/api/v1/todos/{id}"; empty if unmatched

  // Case-insensitive; the first occurrence.
  std::optional<std::string_view> header(std::string_view name) const;
  // The first value.
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";  // empty: no Content-Type header
  std::string body;
  Headers headers;  // extra headers
  // Set: the body is streamed from it (`body` is ignored) and the connection closes after.
  std::shared_ptr<StreamBody> stream;
};

Response json(int status, const nlohmann::json& body);
// Status from http_status(e.kind); body {"error":{"code","message"}}; Retry-After when set.
Response error(const Error& e);
Response no_content();  // 204

// Requires Content-Type application/json (parameters such as charset allowed) and a body that
// is valid UTF-8 holding one JSON object nested at most 64 levels deep.
Result<nlohmann::json> parse_json_body(const Request& request);

// Splits a raw origin-form target ("/a%20b?x=1&y=two+words") into request.target, path and
// query. Fails with bad_request on a target that does not start with '/', on a malformed
// percent escape, or on an escape that decodes to a NUL byte.
Status parse_target(std::string_view target, Request& request);

// Percent-decodes text; '+' becomes a space only when plus_as_space (query strings).
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

// True for a client-supplied request id we are willing to echo and log: 1-64 characters of
// [A-Za-z0-9._-].
bool is_sane_request_id(std::string_view id);
// A fresh random id (32 lowercase hex characters).
std::string generate_request_id();

}  // namespace convonet::http
