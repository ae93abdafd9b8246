#include "core/error.hpp"

#include <utility>

namespace convonet {

namespace {
Error make(ErrorKind kind, std::string code, std::string message) {
  return Error{kind, std::move(code), std::move(message), std::nullopt};
}
}  // namespace

Error Error::bad_request(std::string message, std::string code) {
  return make(ErrorKind::bad_request, std::move(code), std::move(message));
}
Error Error::unauthorized(std::string message, std::string code) {
  return make(ErrorKind::unauthorized, std::move(code), std::move(message));
}
Error Error::forbidden(std::string message, std::string code) {
  return make(ErrorKind::forbidden, std::move(code), std::move(message));
}
Error Error::not_found(std::string message, std::string code) {
  return make(ErrorKind::not_found, std::move(code), std::move(message));
}
Error Error::method_not_allowed(std::string message) {
  return make(ErrorKind::method_not_allowed, "method_not_allowed", std::move(message));
}
Error Error::conflict(std::string message, std::string code) {
  return make(ErrorKind::conflict, std::move(code), std::move(message));
}
Error Error::payload_too_large(std::string message) {
  return make(ErrorKind::payload_too_large, "payload_too_large", std::move(message));
}
Error Error::unsupported_media_type(std::string message, std::string code) {
  return make(ErrorKind::unsupported_media_type, std::move(code), std::move(message));
}
Error Error::unprocessable(std::string message, std::string code) {
  return make(ErrorKind::unprocessable, std::move(code), std::move(message));
}
Error Error::too_many_requests(std::string message, int retry_after_seconds) {
  Error e = make(ErrorKind::too_many_requests, "too_many_requests", std::move(message));
  e.retry_after_seconds = retry_after_seconds;
  return e;
}
Error Error::unavailable(std::string message) {
  return make(ErrorKind::unavailable, "unavailable", std::move(message));
}
Error Error::internal(std::string message) {
  return make(ErrorKind::internal, "internal", std::move(message));
}

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request:
      return 400;
    case ErrorKind::unauthorized:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::method_not_allowed:
      return 405;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::payload_too_large:
      return 413;
    case ErrorKind::unsupported_media_type:
      return 415;
    case ErrorKind::unprocessable:
      return 422;
    case ErrorKind::too_many_requests:
      return 429;
    case ErrorKind::unavailable:
      return 503;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

}  // namespace convonet
