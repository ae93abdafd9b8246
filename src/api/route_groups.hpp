#pragma once
// One function per resource family; routes.cpp calls them all.
#include "api/routes.hpp"

namespace convonet::accounts {
class AccessTokenService;
}

namespace convonet::api {

void add_auth_routes(http::Router& router, const ApiServices& api);
void add_team_routes(http::Router& router, const ApiServices& api);
void add_todo_routes(http::Router& router, const ApiServices& api);
void add_event_routes(http::Router& router, const ApiServices& api);
void add_operations_routes(http::Router& router, const ApiServices& api);
// /api/v1/tokens (personal access tokens); wired by the application, which owns the service.
void add_token_routes(http::Router& router, const accounts::AccountService& accounts,
                      accounts::AccessTokenService& tokens);
void add_assistant_routes(http::Router& router, const ApiServices& api);

}  // namespace convonet::api
