#include "api/routes.hpp"

#include "api/route_groups.hpp"

namespace convonet::api {

void add_routes(http::Router& router, const ApiServices& services) {
  add_auth_routes(router, services);
  add_team_routes(router, services);
  add_todo_routes(router, services);
  add_event_routes(router, services);
  add_operations_routes(router, services);
  add_assistant_routes(router, services);
}

}  // namespace convonet::api
