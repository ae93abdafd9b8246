#include "api/handler.hpp"

#include "core/text.hpp"

namespace convonet::api {

namespace {

http::Response render(Result<http::Response> result) {
  if (result) return std::move(*result);
  auto response = http::error(result.error());
  if (result.error().kind == ErrorKind::unauthorized) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"convonet\"");
  }
  return response;
}

Result<Principal> bearer_principal(const accounts::AccountService& accounts,
                                   const http::Request& request) {
  const auto header = request.header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (!header || header->size() <= kScheme.size() ||
      !iequals(header->substr(0, kScheme.size()), kScheme)) {
    return Error::unauthorized("an Authorization: Bearer access token is required");
  }
  return accounts.authenticate(header->substr(kScheme.size()));
}

}  // namespace

http::Response json_text(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

http::Handler public_handler(PublicHandler handler) {
  return
      [handler = std::move(handler)](http::Request& request) { return render(handler(request)); };
}

http::Handler authed_handler(const accounts::AccountService& accounts, AuthedHandler handler) {
  return [&accounts, handler = std::move(handler)](http::Request& request) {
    auto principal = bearer_principal(accounts, request);
    if (!principal) return render(principal.error());
    return render(handler(request, *principal));
  };
}

}  // namespace convonet::api
