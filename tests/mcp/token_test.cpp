// Personal access tokens over REST (/api/v1/tokens) and as MCP bearer tokens.
#include <gtest/gtest.h>

#include "auth/crypto.hpp"
#include "mcp_fixture.hpp"
#include "store/access_tokens.hpp"

namespace convonet::testing {
namespace {

using nlohmann::json;

class TokenTest : public McpApiTest {
 protected:
  json create(const std::string& token, json body) {
    auto reply = call("POST", "/api/v1/tokens", body, token);
    EXPECT_EQ(reply.status, 201) << reply.raw.body;
    return reply.body;
  }
};

TEST_F(TokenTest, CreateShowsTheTokenOnceAndStoresItHashed) {
  const auto session = register_user("ann")["access_token"].get<std::string>();
  auto created = create(session, {{"name", "Claude Desktop"}, {"scopes", {"read", "write"}}});
  const auto token = created["token"].get<std::string>();
  EXPECT_TRUE(token.starts_with("cvn_pat_"));
  EXPECT_EQ(created["name"], "Claude Desktop");
  EXPECT_EQ(created["scopes"], json({"read", "write"}));

  auto list = call("GET", "/api/v1/tokens", nullptr, session);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_FALSE(list.body["items"][0].contains("token"));
  EXPECT_EQ(list.body["items"][0]["id"], created["id"]);

  auto stored = app_->database().transact(store::TxMode::read, [&](store::Session& s) {
    return Result<std::optional<store::AccessToken>>(
        store::access_tokens::by_hash(s, auth::sha256_hex(token)));
  });
  ASSERT_TRUE(stored && *stored);
  EXPECT_NE((*stored)->token_hash, token);
  EXPECT_EQ(mcp_initialize(token).status, 200);
}

TEST_F(TokenTest, ValidationAndOwnership) {
  const auto ann = register_user("ann")["access_token"].get<std::string>();
  const auto bob = register_user("bob")["access_token"].get<std::string>();
  EXPECT_EQ(call("POST", "/api/v1/tokens", {{"name", "x"}, {"scopes", {"admin"}}}, ann).status,
            422);
  EXPECT_EQ(call("POST", "/api/v1/tokens", {{"name", ""}, {"scopes", {"read"}}}, ann).status, 422);
  EXPECT_EQ(call("POST", "/api/v1/tokens", {{"scopes", {"read"}}}, ann).status, 422);
  EXPECT_EQ(call("POST", "/api/v1/tokens", {{"name", "x"}, {"scope", "read"}}, ann).status, 422);
  EXPECT_EQ(call("POST", "/api/v1/tokens", {{"name", "x"}}, "").status, 401);

  auto created = create(ann, {{"name", "script"}, {"scopes", {"read"}}});
  const auto id = std::to_string(created["id"].get<std::int64_t>());
  const auto pat = created["token"].get<std::string>();
  // A token cannot manage tokens, and it is not a REST session.
  EXPECT_EQ(call("POST", "/api/v1/tokens", {{"name", "more"}, {"scopes", {"read"}}}, pat).status,
            401);
  EXPECT_EQ(call("DELETE", "/api/v1/tokens/" + id, nullptr, bob).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/tokens/" + id, nullptr, ann).status, 204);
  EXPECT_EQ(call("DELETE", "/api/v1/tokens/" + id, nullptr, ann).status, 404);
  EXPECT_EQ(mcp_initialize(pat).status, 401);  // revoked
  EXPECT_TRUE(call("GET", "/api/v1/tokens", nullptr, ann).body["items"].empty());
}

TEST_F(TokenTest, ReadScopeSeesOnlyReadOnlyTools) {
  const auto ann = register_user("ann")["access_token"].get<std::string>();
  const auto pat =
      create(ann, {{"name", "reader"}, {"scopes", {"read"}}})["token"].get<std::string>();
  auto init = mcp_initialize(pat);
  ASSERT_EQ(init.status, 200);
  const std::string session(*init.raw.header("Mcp-Session-Id"));
  auto list =
      call("POST", "/mcp", {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}, pat,
           {{"Accept", "application/json, text/event-stream"}, {"Mcp-Session-Id", session}});
  ASSERT_EQ(list.status, 200);
  ASSERT_FALSE(list.body["result"]["tools"].empty());
  for (const auto& tool : list.body["result"]["tools"]) {
    EXPECT_EQ(tool["annotations"]["readOnlyHint"], true) << tool["name"];
  }
}

}  // namespace
}  // namespace convonet::testing
