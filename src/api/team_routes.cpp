// /api/v1/teams and their members.
#include "api/handler.hpp"
#include "api/json_io.hpp"
#include "api/route_groups.hpp"
#include "store/repositories.hpp"

namespace convonet::api {

namespace {

Result<store::Role> read_role(BodyReader& in) {
  const auto text = in.required_string("role", 16);
  auto role = store::role_from_string(text);
  if (!role) return Error::unprocessable("role must be one of owner, admin, member, viewer");
  return *role;
}

}  // namespace

void add_team_routes(http::Router& router, const ApiServices& api) {
  auto& teams = api.teams;
  auto authed = [&](AuthedHandler h) { return authed_handler(api.accounts, std::move(h)); };

  router.add("POST", "/api/v1/teams",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               BodyReader in(*body);
               auto name = in.required_string("name", 1000);
               if (auto ok = in.finish(); !ok) return ok.error();
               auto team = teams.create(p, name);
               if (!team) return team.error();
               return http::json(201, team_json(*team));
             }));

  router.add("GET", "/api/v1/teams",
             authed([&](http::Request&, const Principal& p) -> Result<http::Response> {
               auto list = teams.list(p);
               if (!list) return list.error();
               auto items = nlohmann::json::array();
               for (const auto& t : *list) items.push_back(team_json(t));
               return http::json(200, {{"items", items}, {"next_cursor", nullptr}});
             }));

  router.add("GET", "/api/v1/teams/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto team = teams.get(p, *id);
               if (!team) return team.error();
               return http::json(200, team_json(*team));
             }));

  router.add("DELETE", "/api/v1/teams/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               if (auto ok = teams.remove(p, *id); !ok) return ok.error();
               return http::no_content();
             }));

  router.add("GET", "/api/v1/teams/{id}/members",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto members = teams.members(p, *id);
               if (!members) return members.error();
               auto items = nlohmann::json::array();
               for (const auto& m : *members) items.push_back(member_json(m));
               return http::json(200, {{"items", items}, {"next_cursor", nullptr}});
             }));

  router.add("POST", "/api/v1/teams/{id}/members",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               BodyReader in(*body);
               auto email = in.required_string("email", 320);
               auto role = read_role(in);
               if (auto ok = in.finish(); !ok) return ok.error();
               if (!role) return role.error();
               auto member = teams.add_member(p, *id, email, *role);
               if (!member) return member.error();
               return http::json(201, member_json(*member));
             }));

  router.add("PATCH", "/api/v1/teams/{id}/members/{user_id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto user_id = path_id(request, "user_id");
               if (!user_id) return user_id.error();
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               BodyReader in(*body);
               auto role = read_role(in);
               if (auto ok = in.finish(); !ok) return ok.error();
               if (!role) return role.error();
               auto member = teams.change_role(p, *id, *user_id, *role);
               if (!member) return member.error();
               return http::json(200, member_json(*member));
             }));

  router.add("DELETE", "/api/v1/teams/{id}/members/{user_id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto user_id = path_id(request, "user_id");
               if (!user_id) return user_id.error();
               if (auto ok = teams.remove_member(p, *id, *user_id); !ok) return ok.error();
               return http::no_content();
             }));
}

}  // namespace convonet::api
