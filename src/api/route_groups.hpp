#pragma once
// One function per resource family; routes.cpp calls them all.
#include "api/routes.hpp"

namespace convonet::api {

void add_auth_routes(http::Router& router, const ApiServices& api);
void add_team_routes(http::Router& router, const ApiServices& api);
void add_todo_routes(http::Router& router, const ApiServices& api);
void add_event_routes(http::Router& router, const ApiServices& api);
void add_operations_routes(http::Router& router, const ApiServices& api);
void add_assistant_routes(http::Router& router, const ApiServices& api);

}  // namespace convonet::api
