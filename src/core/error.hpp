#pragma once
// The one error type that crosses component boundaries. Its kind decides the HTTP status;
// its code is the stable machine-readable slug clients see in {"error":{"code","message"}}.
#include <optional>
#include <string>
#include <string_view>

namespace convonet {

enum class ErrorKind {
  bad_request,             // 400: malformed syntax (bad JSON, bad query parameter)
  unauthorized,            // 401: no or invalid credentials
  forbidden,               // 403: authenticated, but the role does not allow it
  not_found,               // 404
  method_not_allowed,      // 405
  conflict,                // 409: uniqueness or state conflict
  payload_too_large,       // 413
  unsupported_media_type,  // 415: a body in a format the endpoint does not take
  unprocessable,           // 422: well-formed but invalid values
  too_many_requests,       // 429
  unavailable,             // 503: a dependency is down
  internal,                // 500: a bug or an unexpected failure
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;                        // e.g. "validation_failed", "invalid_credentials"
  std::string message;                     // human readable, safe to show to the client
  std::optional<int> retry_after_seconds;  // for too_many_requests

  static Error bad_request(std::string message, std::string code = "bad_request");
  static Error unauthorized(std::string message, std::string code = "unauthorized");
  static Error forbidden(std::string message, std::string code = "forbidden");
  static Error not_found(std::string message, std::string code = "not_found");
  static Error method_not_allowed(std::string message);
  static Error conflict(std::string message, std::string code = "conflict");
  static Error payload_too_large(std::string message);
  static Error unsupported_media_type(std::string message, std::string code);
  static Error unprocessable(std::string message, std::string code = "validation_failed");
  static Error too_many_requests(std::string message, int retry_after_seconds);
  static Error unavailable(std::string message);
  static Error internal(std::string message);
};

int http_status(ErrorKind kind);

}  // namespace convonet
