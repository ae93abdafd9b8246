#include "assistant/tools/registry.hpp"

#include <gtest/gtest.h>

namespace convonet::assistant {
namespace {

using nlohmann::json;

Tool echo_tool() {
  Tool tool;
  tool.name = "echo";
  tool.title = "Echo";
  tool.description = "Returns its text and who asked.";
  tool.input_schema = {{"type", "object"},
                       {"required", {"text"}},
                       {"additionalProperties", false},
                       {"properties", {{"text", {{"type", "string"}}}}}};
  tool.output_schema = {{"type", "object"}};
  tool.hints.read_only = true;
  tool.handler = [](const Principal& p, const json& input) -> Result<json> {
    if (input["text"] == "fail") return Error::forbidden("no");
    return json{{"text", input["text"]}, {"user", p.user_id}};
  };
  return tool;
}

TEST(ToolRegistry, CallsValidatedHandlersAsThePrincipal) {
  ToolRegistry registry;
  registry.add(echo_tool());
  auto result = registry.call("echo", Principal{42, {}}, {{"text", "hi"}});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ((*result)["text"], "hi");
  EXPECT_EQ((*result)["user"], 42);

  auto invalid = registry.call("echo", Principal{42, {}}, {{"text", 1}});
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().kind, ErrorKind::unprocessable);

  auto refused = registry.call("echo", Principal{42, {}}, {{"text", "fail"}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::forbidden);

  auto unknown = registry.call("nope", Principal{42, {}}, json::object());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_tool");
}

TEST(ToolRegistry, RejectsWiringMistakes) {
  ToolRegistry registry;
  registry.add(echo_tool());
  EXPECT_THROW(registry.add(echo_tool()), std::invalid_argument);
  Tool no_schema = echo_tool();
  no_schema.name = "other";
  no_schema.input_schema = json::object();
  EXPECT_THROW(registry.add(no_schema), std::invalid_argument);
  Tool no_handler = echo_tool();
  no_handler.name = "third";
  no_handler.handler = nullptr;
  EXPECT_THROW(registry.add(no_handler), std::invalid_argument);
}

TEST(ToolRegistry, ExportsOpenAiToolDeclarations) {
  ToolRegistry registry;
  registry.add(echo_tool());
  const auto tools = registry.openai_tools();
  ASSERT_EQ(tools.size(), 1u);
  EXPECT_EQ(tools[0]["type"], "function");
  EXPECT_EQ(tools[0]["function"]["name"], "echo");
  EXPECT_EQ(tools[0]["function"]["parameters"]["required"][0], "text");
}

}  // namespace
}  // namespace convonet::assistant
