// Property: any request body gets a parsed object or a 4xx error value, never a crash or an
// exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  convonet::http::Request request;
  request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  request.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = convonet::http::parse_json_body(request);
  if (body.ok() && !body->is_object()) std::abort();
  if (!body.ok() && convonet::http_status(body.error().kind) >= 500) std::abort();
  // The query-string decoder reads the same untrusted bytes.
  (void)convonet::http::parse_target("/x?" + request.body, request);
  return 0;
}
