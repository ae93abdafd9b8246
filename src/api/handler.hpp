#pragma once
// Adapters from Result-returning handlers to http::Handler: errors become JSON error
// responses, and authenticated handlers receive the Principal from the bearer token.
#include <functional>

#include "accounts/accounts.hpp"
#include "core/principal.hpp"
#include "http/router.hpp"

namespace convonet::api {

using PublicHandler = std::function<Result<http::Response>(http::Request&)>;
using AuthedHandler = std::function<Result<http::Response>(http::Request&, const Principal&)>;

http::Handler public_handler(PublicHandler handler);
// A response whose JSON body is already rendered.
http::Response json_text(int status, std::string body);
http::Handler authed_handler(const accounts::AccountService& accounts, AuthedHandler handler);

}  // namespace convonet::api
