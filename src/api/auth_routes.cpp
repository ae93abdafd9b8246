// /api/v1/auth/*, /api/v1/me and the calendar feed token.
#include "api/handler.hpp"
#include "api/json_io.hpp"
#include "api/route_groups.hpp"

namespace convonet::api {

namespace {

nlohmann::json signed_in_json(const accounts::SignedIn& s) {
  return {{"user", user_json(s.user)},
          {"access_token", s.tokens.access_token},
          {"refresh_token", s.tokens.refresh_token},
          {"token_type", "Bearer"},
          {"expires_in", s.tokens.expires_in.count()}};
}

Result<accounts::Registration> read_registration(const nlohmann::json& body) {
  BodyReader in(body);
  accounts::Registration r;
  r.email = in.required_string("email", 320);
  r.password = in.required_string("password", 1024);
  r.name = in.required_string("name", 1000);
  r.timezone = in.string("timezone", 64).value_or("UTC");
  r.phone_numbers = in.strings("phone_numbers", 5).value_or(std::vector<std::string>{});
  if (auto ok = in.finish(); !ok) return ok.error();
  return r;
}

// The refresh token from a {"refresh_token": "..."} body.
Result<std::string> read_refresh_token(const http::Request& request) {
  auto body = http::parse_json_body(request);
  if (!body) return body.error();
  BodyReader in(*body);
  auto token = in.required_string("refresh_token", 512);
  if (auto ok = in.finish(); !ok) return ok.error();
  return token;
}

}  // namespace

void add_auth_routes(http::Router& router, const ApiServices& api) {
  auto& accounts = api.accounts;

  router.add("POST", "/api/v1/auth/register",
             public_handler([&](http::Request& request) -> Result<http::Response> {
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               auto registration = read_registration(*body);
               if (!registration) return registration.error();
               auto signed_in = accounts.register_user(*registration);
               if (!signed_in) return signed_in.error();
               return http::json(201, signed_in_json(*signed_in));
             }));

  router.add("POST", "/api/v1/auth/login",
             public_handler([&](http::Request& request) -> Result<http::Response> {
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               BodyReader in(*body);
               auto email = in.required_string("email", 320);
               auto password = in.required_string("password", 1024);
               if (auto ok = in.finish(); !ok) return ok.error();
               auto signed_in = accounts.login(email, password, request.remote_address);
               if (!signed_in) return signed_in.error();
               return http::json(200, signed_in_json(*signed_in));
             }));

  router.add("POST", "/api/v1/auth/refresh",
             public_handler([&](http::Request& request) -> Result<http::Response> {
               auto token = read_refresh_token(request);
               if (!token) return token.error();
               auto signed_in = accounts.refresh(*token);
               if (!signed_in) return signed_in.error();
               return http::json(200, signed_in_json(*signed_in));
             }));

  router.add(
      "POST", "/api/v1/auth/logout",
      authed_handler(accounts,
                     [&](http::Request& request, const Principal& p) -> Result<http::Response> {
                       auto token = read_refresh_token(request);
                       if (!token) return token.error();
                       if (auto ok = accounts.logout(p, *token); !ok) return ok.error();
                       return http::no_content();
                     }));

  router.add(
      "GET", "/api/v1/me",
      authed_handler(accounts, [&](http::Request&, const Principal& p) -> Result<http::Response> {
        auto user = accounts.user(p.user_id);
        if (!user) return user.error();
        return http::json(200, user_json(*user));
      }));

  router.add(
      "POST", "/api/v1/calendar/feed-token",
      authed_handler(accounts, [&](http::Request&, const Principal& p) -> Result<http::Response> {
        auto token = accounts.rotate_feed_token(p);
        if (!token) return token.error();
        return http::json(201,
                          {{"token", *token},
                           {"url", api.public_base_url + "/api/v1/calendar.ics?token=" + *token}});
      }));
}

}  // namespace convonet::api
