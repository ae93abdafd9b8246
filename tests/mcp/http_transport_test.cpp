// Streamable HTTP at /mcp through the whole Application over real HTTP: Host/Origin checks,
// auth and its 401 challenge, sessions, the protocol-version header, the SSE stream.
#include <gtest/gtest.h>

#include "api/api_fixture.hpp"
#include "http/stream.hpp"
#include "mcp/http_transport.hpp"

namespace convonet::testing {
namespace {

using nlohmann::json;

const json kInitialize = {{"jsonrpc", "2.0"},
                          {"id", 1},
                          {"method", "initialize"},
                          {"params",
                           {{"protocolVersion", "2025-11-25"},
                            {"capabilities", json::object()},
                            {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}};

class McpHttpTest : public ApiTest {
 protected:
  Reply mcp(const std::string& method, const json& body, const std::string& token,
            http::Headers extra = {}, bool default_accept = true) {
    http::Headers headers;
    if (default_accept) headers.emplace_back("Accept", "application/json, text/event-stream");
    for (auto& h : extra) headers.push_back(std::move(h));
    return call(method, "/mcp", body, token, headers);
  }
  // Initializes a session and returns its id.
  std::string open_session(const std::string& token) {
    auto reply = mcp("POST", kInitialize, token);
    EXPECT_EQ(reply.status, 200) << reply.raw.body;
    auto id = reply.raw.header("Mcp-Session-Id");
    EXPECT_TRUE(id.has_value());
    return id ? std::string(*id) : std::string();
  }
  static json rpc(const std::string& method, json params = json::object(), int id = 2) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
  }
};

TEST_F(McpHttpTest, RejectsForeignHostAndOrigin) {
  const auto token = register_user("ann")["access_token"].get<std::string>();
  auto evil_host = mcp("POST", kInitialize, token, {{"Host", "evil.example.com"}});
  EXPECT_EQ(evil_host.status, 403);
  auto evil_origin = mcp("POST", kInitialize, token, {{"Origin", "http://evil.example.com"}});
  EXPECT_EQ(evil_origin.status, 403);
  auto null_origin = mcp("POST", kInitialize, token, {{"Origin", "null"}});
  EXPECT_EQ(null_origin.status, 403);
  auto local = mcp("POST", kInitialize, token,
                   {{"Host", "localhost:9"}, {"Origin", "http://localhost:3000"}});
  EXPECT_EQ(local.status, 200);
}

TEST_F(McpHttpTest, NoTokenIs401WithResourceMetadataChallenge) {
  auto reply = mcp("POST", kInitialize, "");
  EXPECT_EQ(reply.status, 401);
  auto challenge = reply.raw.header("WWW-Authenticate");
  ASSERT_TRUE(challenge);
  EXPECT_EQ(std::string(*challenge), "Bearer resource_metadata=\"" +
                                         settings_.effective_public_url() +
                                         "/.well-known/oauth-protected-resource\"");
  auto bad = mcp("POST", kInitialize, "not-a-token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(std::string(*bad.raw.header("WWW-Authenticate")).find("error=\"invalid_token\""),
            std::string::npos);
  EXPECT_EQ(mcp("GET", nullptr, "").status, 401);
  EXPECT_EQ(mcp("DELETE", nullptr, "").status, 401);

  auto metadata = call("GET", "/.well-known/oauth-protected-resource");
  EXPECT_EQ(metadata.status, 200);
  EXPECT_EQ(metadata.body["resource"], settings_.effective_public_url() + "/mcp");
  EXPECT_EQ(call("GET", "/.well-known/oauth-protected-resource/mcp").status, 200);
}

TEST_F(McpHttpTest, DiscoveryProbeGetsMethodNotFoundWithoutAuth) {
  auto reply = mcp("POST", rpc("server/discover"), "");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["error"]["code"], -32601);
  EXPECT_EQ(reply.body["id"], 2);
}

TEST_F(McpHttpTest, TransportChecks) {
  const auto token = register_user("bob")["access_token"].get<std::string>();
  EXPECT_EQ(mcp("POST", kInitialize, token, {{"Accept", "application/json"}}, false).status, 406);
  EXPECT_EQ(mcp("POST", kInitialize, token, {}, false).status, 406);
  auto text =
      call("POST", "/mcp", nullptr, token,
           {{"Accept", "application/json, text/event-stream"}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  auto garbage = http::request("127.0.0.1", port_, "POST", "/mcp", "{not json",
                               {{"Accept", "application/json, text/event-stream"},
                                {"Content-Type", "application/json"},
                                {"Authorization", "Bearer " + token}});
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  EXPECT_EQ(json::parse(garbage->body)["error"]["code"], -32700);
}

TEST_F(McpHttpTest, SessionRules) {
  const auto ann = register_user("ann")["access_token"].get<std::string>();
  const auto bob = register_user("bob")["access_token"].get<std::string>();
  const auto session = open_session(ann);
  ASSERT_FALSE(session.empty());

  EXPECT_EQ(mcp("POST", rpc("tools/list"), ann).status, 400);  // no session header
  EXPECT_EQ(mcp("POST", rpc("tools/list"), ann, {{"Mcp-Session-Id", "unknown"}}).status, 404);
  // Another user's session is as unknown as a made-up one.
  EXPECT_EQ(mcp("POST", rpc("tools/list"), bob, {{"Mcp-Session-Id", session}}).status, 404);

  auto initialized = mcp("POST", {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, ann,
                         {{"Mcp-Session-Id", session}});
  EXPECT_EQ(initialized.status, 202);
  EXPECT_TRUE(initialized.raw.body.empty());

  auto list = mcp("POST", rpc("tools/list"), ann,
                  {{"Mcp-Session-Id", session}, {"MCP-Protocol-Version", "2025-11-25"}});
  EXPECT_EQ(list.status, 200);
  EXPECT_FALSE(list.body["result"]["tools"].empty());
  EXPECT_EQ(mcp("POST", rpc("tools/list"), ann,
                {{"Mcp-Session-Id", session}, {"MCP-Protocol-Version", "2030-01-01"}})
                .status,
            400);
  EXPECT_EQ(mcp("POST", rpc("tools/list"), ann,
                {{"Mcp-Session-Id", session}, {"MCP-Protocol-Version", "2025-06-18"}})
                .status,
            400);

  EXPECT_EQ(mcp("DELETE", nullptr, bob, {{"Mcp-Session-Id", session}}).status, 404);
  EXPECT_EQ(mcp("DELETE", nullptr, ann, {{"Mcp-Session-Id", session}}).status, 204);
  EXPECT_EQ(mcp("POST", rpc("tools/list"), ann, {{"Mcp-Session-Id", session}}).status, 404);
  EXPECT_EQ(mcp("DELETE", nullptr, ann, {{"Mcp-Session-Id", session}}).status, 404);
}

TEST_F(McpHttpTest, ToolCallsActAsTheUser) {
  const auto ann = register_user("ann")["access_token"].get<std::string>();
  const auto bob = register_user("bob")["access_token"].get<std::string>();
  const auto session = open_session(ann);
  auto created = mcp(
      "POST", rpc("tools/call", {{"name", "create_todo"}, {"arguments", {{"title", "Buy milk"}}}}),
      ann, {{"Mcp-Session-Id", session}});
  ASSERT_EQ(created.status, 200) << created.raw.body;
  const auto id = created.body["result"]["structuredContent"]["todo"]["id"].get<std::int64_t>();
  auto mine = call("GET", "/api/v1/todos/" + std::to_string(id), nullptr, ann);
  EXPECT_EQ(mine.status, 200);
  // Bob's session cannot complete Ann's personal todo: the services decide, as over REST.
  const auto bob_session = open_session(bob);
  auto refused =
      mcp("POST", rpc("tools/call", {{"name", "complete_todo"}, {"arguments", {{"id", id}}}}), bob,
          {{"Mcp-Session-Id", bob_session}});
  EXPECT_EQ(refused.status, 200);
  EXPECT_EQ(refused.body["result"]["isError"], true);
}

TEST_F(McpHttpTest, GetOpensTheEventStreamAndListChangedReachesIt) {
  const auto ann = register_user("ann")["access_token"].get<std::string>();
  const auto session = open_session(ann);
  EXPECT_EQ(mcp("GET", nullptr, ann, {{"Accept", "application/json"}}, false).status, 406);
  EXPECT_EQ(mcp("GET", nullptr, ann, {{"Accept", "text/event-stream"}}, false).status, 400);

  // The handler itself (over HTTP the server would stream it until the session ends).
  http::Request request;
  request.method = "GET";
  request.headers = {{"Host", "127.0.0.1"},
                     {"Accept", "text/event-stream"},
                     {"Authorization", "Bearer " + ann},
                     {"Mcp-Session-Id", session}};
  auto response = app_->mcp_http().get(request);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/event-stream");
  ASSERT_TRUE(response.stream);
  EXPECT_EQ(app_->mcp_http().notify_tools_list_changed(), 1u);
  auto batch = response.stream->take();
  ASSERT_EQ(batch.chunks.size(), 1u);
  EXPECT_EQ(batch.chunks[0],
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/"
            "list_changed\"}\n\n");
  // Ending the session ends its stream.
  EXPECT_EQ(mcp("DELETE", nullptr, ann, {{"Mcp-Session-Id", session}}).status, 204);
  EXPECT_TRUE(response.stream->take().closed);
}

TEST(McpHosts, AllowedHostsAndHostNames) {
  EXPECT_EQ(mcp::host_name_of("LocalHost:8080", false), "localhost");
  EXPECT_EQ(mcp::host_name_of("[::1]:80", false), "[::1]");
  EXPECT_EQ(mcp::host_name_of("https://Example.com:8443/path", true), "example.com");
  EXPECT_EQ(mcp::host_name_of("http://user@evil.com", true), "");
  EXPECT_EQ(mcp::host_name_of("null", true), "");
  EXPECT_EQ(mcp::host_name_of("", false), "");
  auto hosts = mcp::allowed_hosts_for("0.0.0.0", "https://convonet.example.com");
  EXPECT_EQ(hosts, std::vector<std::string>{"convonet.example.com"});
  hosts = mcp::allowed_hosts_for("10.0.0.5", "http://10.0.0.5:8080");
  EXPECT_EQ(hosts, std::vector<std::string>{"10.0.0.5"});
}

}  // namespace
}  // namespace convonet::testing
