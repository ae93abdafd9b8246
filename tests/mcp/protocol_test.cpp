// The protocol engine on its own: JSON-RPC error codes, the handshake, version negotiation,
// batches, pagination, tool results and errors, scopes. A small registry keeps it focused.
#include <gtest/gtest.h>

#include "mcp/protocol.hpp"

namespace convonet::mcp {
namespace {

using nlohmann::json;

json object_schema(json properties, json required = json::array()) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

assistant::ToolRegistry make_registry() {
  assistant::ToolRegistry registry;
  registry.add({"echo", "Echo", "Returns its text.",
                object_schema({{"text", {{"type", "string"}}}}, {"text"}),
                object_schema({{"text", {{"type", "string"}}}}, {"text"}),
                assistant::ToolHints{true, false, true},
                [](const Principal&, const json& in) -> Result<json> {
                  return json{{"text", in["text"]}};
                }});
  registry.add({"write_thing", "Write", "Changes something.", object_schema({}),
                object_schema({{"ok", {{"type", "boolean"}}}}), assistant::ToolHints{},
                [](const Principal&, const json&) -> Result<json> {
                  return json{{"ok", true}};
                }});
  registry.add({"fail", "Fail", "Always refuses.", object_schema({}), object_schema({}),
                assistant::ToolHints{true, false, true},
                [](const Principal&, const json&) -> Result<json> {
                  return Error::forbidden("not for you");
                }});
  return registry;
}

class ProtocolTest : public ::testing::Test {
 protected:
  ProtocolTest() : registry_(make_registry()), server_(registry_, options()) {}

  static ServerOptions options() {
    ServerOptions o;
    o.page_size = 2;
    o.version = "1.2.3";
    return o;
  }

  json send(const std::string& text) {
    auto reply = server_.handle_text(session_, principal_, text);
    return reply ? json::parse(*reply) : json();
  }
  json request(const std::string& method, json params = json::object(), json id = 1) {
    json message{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) message["params"] = std::move(params);
    return send(message.dump());
  }
  json initialize(const std::string& version = "2025-11-25") {
    return request("initialize", {{"protocolVersion", version},
                                  {"capabilities", json::object()},
                                  {"clientInfo", {{"name", "test"}, {"version", "1"}}}});
  }
  static int code(const json& reply) { return reply.at("error").at("code").get<int>(); }

  assistant::ToolRegistry registry_;
  Server server_;
  SessionState session_;
  Principal principal_{7, {}};
};

TEST_F(ProtocolTest, MalformedJsonIsAParseErrorWithNullId) {
  auto reply = send("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
  EXPECT_EQ(code(reply), kParseError);
  EXPECT_TRUE(reply["id"].is_null());
  EXPECT_EQ(code(send("")), kParseError);
  EXPECT_EQ(code(send("\xff\xfe")), kParseError);
}

TEST_F(ProtocolTest, InvalidRequestsAreRefusedWithMinus32600) {
  EXPECT_EQ(code(send(R"({"jsonrpc":"1.0","id":1,"method":"ping"})")), kInvalidRequest);
  EXPECT_EQ(code(send(R"({"id":1,"method":"ping"})")), kInvalidRequest);
  EXPECT_EQ(code(send(R"({"jsonrpc":"2.0","id":1,"method":7})")), kInvalidRequest);
  EXPECT_EQ(code(send(R"({"jsonrpc":"2.0","id":null,"method":"ping"})")), kInvalidRequest);
  EXPECT_EQ(code(send(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})")), kInvalidRequest);
  EXPECT_EQ(code(send(R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})")), kInvalidRequest);
  EXPECT_EQ(code(send("42")), kInvalidRequest);
  EXPECT_EQ(code(send(R"("text")")), kInvalidRequest);
  // The id of a readable but otherwise invalid request is echoed.
  EXPECT_EQ(send(R"({"jsonrpc":"1.0","id":"x","method":"ping"})")["id"], "x");
}

TEST_F(ProtocolTest, DeeplyNestedMessagesAreRefusedBeforeParsing) {
  std::string deep(10000, '[');
  EXPECT_EQ(code(send(deep)), kInvalidRequest);
  std::string nested = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":)" +
                       std::string(100, '[') + std::string(100, ']') + "}}";
  EXPECT_EQ(code(send(nested)), kInvalidRequest);
}

TEST_F(ProtocolTest, UnknownMethodsAreMinus32601EvenBeforeInitialize) {
  auto reply = request("server/discover");
  EXPECT_EQ(code(reply), kMethodNotFound);
  EXPECT_EQ(reply["id"], 1);
  initialize();
  EXPECT_EQ(code(request("tools/frobnicate")), kMethodNotFound);
  EXPECT_EQ(code(request("notifications/initialized")), kMethodNotFound);  // not a request
}

TEST_F(ProtocolTest, BadParamsAreMinus32602) {
  initialize();
  EXPECT_EQ(code(request("tools/list", json::array({1}))), kInvalidParams);
  EXPECT_EQ(code(request("tools/call", json::object())), kInvalidParams);
  EXPECT_EQ(code(request("tools/call", {{"name", 5}})), kInvalidParams);
  EXPECT_EQ(code(request("tools/call", {{"name", "nope"}})), kInvalidParams);
  EXPECT_EQ(code(request("tools/call", {{"name", "echo"}, {"arguments", "text"}})), kInvalidParams);
  EXPECT_EQ(code(request("tools/list", {{"cursor", "garbage"}})), kInvalidParams);
  EXPECT_EQ(code(request("tools/list", {{"cursor", "t999"}})), kInvalidParams);
  EXPECT_EQ(code(request("resources/read", json::object())), kInvalidParams);
  SessionState fresh;
  auto reply = server_.handle_text(fresh, principal_,
                                   R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})");
  EXPECT_EQ(code(json::parse(*reply)), kInvalidParams);
  EXPECT_TRUE(fresh.protocol_version.empty());
}

TEST_F(ProtocolTest, InitializeNegotiatesTheVersion) {
  for (std::string version : {"2025-11-25", "2025-06-18", "2025-03-26"}) {
    SessionState session;
    auto reply =
        json::parse(*server_.handle_text(session, principal_,
                                         json{{"jsonrpc", "2.0"},
                                              {"id", 1},
                                              {"method", "initialize"},
                                              {"params",
                                               {{"protocolVersion", version},
                                                {"capabilities", json::object()},
                                                {"clientInfo", {{"name", "c"}, {"version", "1"}}}}}}
                                             .dump()));
    EXPECT_EQ(reply["result"]["protocolVersion"], version);
    EXPECT_EQ(session.protocol_version, version);
  }
  auto reply = initialize("1999-01-01");
  EXPECT_EQ(reply["result"]["protocolVersion"], kLatestVersion);
  EXPECT_EQ(reply["result"]["serverInfo"]["name"], "convonet");
  EXPECT_EQ(reply["result"]["serverInfo"]["version"], "1.2.3");
  EXPECT_EQ(reply["result"]["capabilities"]["tools"]["listChanged"], true);
}

TEST_F(ProtocolTest, SessionRules) {
  EXPECT_EQ(code(request("tools/list")), kInvalidRequest);  // before initialize
  EXPECT_TRUE(request("ping")["result"].empty());           // ping is always fine
  EXPECT_TRUE(initialize().contains("result"));
  EXPECT_EQ(code(initialize()), kInvalidRequest);  // only once
  EXPECT_FALSE(session_.initialized);
  EXPECT_TRUE(send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").is_null());
  EXPECT_TRUE(session_.initialized);
  // Unknown notifications and client responses are ignored without a reply.
  EXPECT_TRUE(send(R"({"jsonrpc":"2.0","method":"notifications/whatever"})").is_null());
  EXPECT_TRUE(send(R"({"jsonrpc":"2.0","id":9,"result":{}})").is_null());
}

TEST_F(ProtocolTest, BatchesOnlyIn20250326) {
  initialize("2025-11-25");
  auto refused = send(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
  EXPECT_EQ(code(refused), kInvalidRequest);

  SessionState old;
  server_.handle_text(
      old, principal_,
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-03-26"}})");
  auto replies = json::parse(*server_.handle_text(
      old, principal_,
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"nope"},5])"));
  ASSERT_TRUE(replies.is_array());
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0]["id"], 1);
  EXPECT_EQ(replies[1]["error"]["code"], kMethodNotFound);
  EXPECT_EQ(replies[2]["error"]["code"], kInvalidRequest);
  EXPECT_EQ(code(json::parse(*server_.handle_text(old, principal_, "[]"))), kInvalidRequest);
  EXPECT_FALSE(server_.handle_text(old, principal_,
                                   R"([{"jsonrpc":"2.0","method":"notifications/initialized"}])"));
}

TEST_F(ProtocolTest, ToolsListPaginatesAndDescribesTools) {
  initialize();
  auto first = request("tools/list");
  ASSERT_EQ(first["result"]["tools"].size(), 2u);
  ASSERT_TRUE(first["result"].contains("nextCursor"));
  auto second = request("tools/list", {{"cursor", first["result"]["nextCursor"]}});
  ASSERT_EQ(second["result"]["tools"].size(), 1u);
  EXPECT_FALSE(second["result"].contains("nextCursor"));
  const auto& echo = first["result"]["tools"][0];
  EXPECT_EQ(echo["name"], "echo");
  EXPECT_EQ(echo["inputSchema"], registry_.find("echo")->input_schema);
  EXPECT_EQ(echo["outputSchema"], registry_.find("echo")->output_schema);
  EXPECT_EQ(echo["annotations"]["readOnlyHint"], true);
  EXPECT_EQ(echo["annotations"]["destructiveHint"], false);
  EXPECT_EQ(echo["annotations"]["idempotentHint"], true);
}

TEST_F(ProtocolTest, ToolsCallGivesContentAndStructuredContent) {
  initialize();
  auto reply = request("tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
  const auto& result = reply["result"];
  EXPECT_EQ(result["structuredContent"], json({{"text", "hi"}}));
  EXPECT_EQ(result["content"][0]["type"], "text");
  EXPECT_EQ(json::parse(result["content"][0]["text"].get<std::string>()),
            result["structuredContent"]);
  EXPECT_FALSE(result.contains("isError"));
}

TEST_F(ProtocolTest, ToolFailuresAreIsErrorResults) {
  initialize();
  auto bad_input = request("tools/call", {{"name", "echo"}, {"arguments", {{"text", 5}}}});
  EXPECT_EQ(bad_input["result"]["isError"], true);
  EXPECT_FALSE(bad_input["result"].contains("structuredContent"));
  auto refused = request("tools/call", {{"name", "fail"}});
  EXPECT_EQ(refused["result"]["isError"], true);
  EXPECT_NE(refused["result"]["content"][0]["text"].get<std::string>().find("not for you"),
            std::string::npos);
}

TEST_F(ProtocolTest, ScopesLimitTools) {
  initialize();
  principal_.scopes = {"read"};
  auto list = request("tools/list");
  for (const auto& tool : list["result"]["tools"]) EXPECT_NE(tool["name"], "write_thing");
  auto call = request("tools/call", {{"name", "write_thing"}});
  EXPECT_EQ(call["result"]["isError"], true);
  principal_.scopes = {"write"};
  EXPECT_EQ(request("tools/call", {{"name", "write_thing"}})["result"]["structuredContent"]["ok"],
            true);
}

TEST_F(ProtocolTest, UnknownResourceIsMinus32002) {
  initialize();
  EXPECT_EQ(code(request("resources/read", {{"uri", "convonet://nope"}})), kResourceNotFound);
  EXPECT_TRUE(request("resources/list")["result"]["resources"].is_array());
}

}  // namespace
}  // namespace convonet::mcp
