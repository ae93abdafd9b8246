// /api/v1/tokens: personal access tokens for MCP clients and scripts. Managed from a signed-in
// session (a token cannot mint tokens); the secret is in the 201 answer and nowhere else.
#include "accounts/access_tokens.hpp"
#include "api/handler.hpp"
#include "api/json_io.hpp"
#include "api/route_groups.hpp"

namespace convonet::api {

namespace {

nlohmann::json token_json(const store::AccessToken& t) {
  nlohmann::json out{{"id", t.id},
                     {"name", t.name},
                     {"scopes", t.scopes},
                     {"created_at", format_rfc3339(t.created_at)},
                     {"expires_at", nullptr}};
  if (t.expires_at) out["expires_at"] = format_rfc3339(*t.expires_at);
  return out;
}

}  // namespace

void add_token_routes(http::Router& router, const accounts::AccountService& accounts,
                      accounts::AccessTokenService& tokens) {
  router.add(
      "POST", "/api/v1/tokens",
      authed_handler(
          accounts,
          [&tokens](http::Request& request, const Principal& principal) -> Result<http::Response> {
            auto body = http::parse_json_body(request);
            if (!body) return body.error();
            BodyReader in(*body);
            accounts::NewAccessToken wanted;
            wanted.name = in.required_string("name", 1000);
            wanted.scopes =
                in.strings("scopes", 10).value_or(std::vector<std::string>{"read", "write"});
            if (auto days = in.integer("expires_in_days")) {
              if (*days < 1 || *days > 3650) {
                return Error::unprocessable("expires_in_days must be 1 to 3650");
              }
              wanted.expires_in_days = static_cast<int>(*days);
            }
            if (auto ok = in.finish(); !ok) return ok.error();
            auto created = tokens.create(principal, std::move(wanted));
            if (!created) return created.error();
            auto out = token_json(created->record);
            out["token"] = created->token;
            return http::json(201, out);
          }));

  router.add("GET", "/api/v1/tokens",
             authed_handler(
                 accounts,
                 [&tokens](http::Request&, const Principal& principal) -> Result<http::Response> {
                   auto list = tokens.list(principal);
                   if (!list) return list.error();
                   auto items = nlohmann::json::array();
                   for (const auto& t : *list) items.push_back(token_json(t));
                   return http::json(200, {{"items", std::move(items)}});
                 }));

  router.add("DELETE", "/api/v1/tokens/{id}",
             authed_handler(accounts,
                            [&tokens](http::Request& request,
                                      const Principal& principal) -> Result<http::Response> {
                              auto id = path_id(request);
                              if (!id) return id.error();
                              if (auto ok = tokens.revoke(principal, *id); !ok) return ok.error();
                              return http::no_content();
                            }));
}

}  // namespace convonet::api
