// POST /api/v1/assistant/messages over HTTP: the reply shape, multi-turn context through the
// conversation id, the REST view of what the assistant did, and errors.
#include "api/api_fixture.hpp"

namespace convonet::testing {
namespace {

class AssistantApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    clock_.set(*parse_rfc3339("2026-11-24T10:00:00Z"));
    token_ = register_user("ana")["access_token"];
  }

  Reply say(const std::string& text, nlohmann::json extra = nlohmann::json::object()) {
    extra["text"] = text;
    return call("POST", "/api/v1/assistant/messages", extra, token_);
  }

  std::string token_;
};

TEST_F(AssistantApi, AReminderBecomesATodoAndAnEvent) {
  auto reply = say("Create a reminder to follow up with John tomorrow at 2 PM");
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  EXPECT_GT(reply.body["conversation_id"].get<int>(), 0);
  EXPECT_TRUE(reply.body["awaiting"].is_null());
  ASSERT_EQ(reply.body["actions"].size(), 1u);
  EXPECT_EQ(reply.body["actions"][0]["tool"], "create_reminder");
  EXPECT_NE(reply.body["reply"].get<std::string>().find("tomorrow at 2 PM"), std::string::npos);

  auto todos = call("GET", "/api/v1/todos", nullptr, token_);
  ASSERT_EQ(todos.body["items"].size(), 1u);
  EXPECT_EQ(todos.body["items"][0]["due_at"], "2026-11-25T14:00:00Z");
  auto events = call("GET", "/api/v1/events?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z",
                     nullptr, token_);
  ASSERT_EQ(events.body["items"].size(), 1u);
  EXPECT_EQ(events.body["items"][0]["start"], "2026-11-25T14:00:00Z");
}

TEST_F(AssistantApi, TheConversationIdCarriesTheQuestion) {
  auto question = say("remind me to call mom tomorrow");
  ASSERT_EQ(question.status, 200);
  EXPECT_EQ(question.body["awaiting"], "time");
  EXPECT_TRUE(question.body["actions"].empty());
  auto answer = say("4 pm", {{"conversation_id", question.body["conversation_id"]}});
  ASSERT_EQ(answer.status, 200) << answer.raw.body;
  EXPECT_EQ(answer.body["conversation_id"], question.body["conversation_id"]);
  ASSERT_EQ(answer.body["actions"].size(), 1u);
  EXPECT_EQ(answer.body["actions"][0]["result"]["event"]["start"], "2026-11-25T16:00:00Z");
}

TEST_F(AssistantApi, BadRequestsGetClearErrors) {
  EXPECT_EQ(call("POST", "/api/v1/assistant/messages", {{"text", "hi"}}).status, 401);
  EXPECT_EQ(call("POST", "/api/v1/assistant/messages", {{"words", "hi"}}, token_).status, 422);
  EXPECT_EQ(say("").status, 422);
  EXPECT_EQ(say(std::string(2001, 'a')).status, 422);
  auto other = register_user("eve")["access_token"].get<std::string>();
  const auto mine = say("what are my todos").body["conversation_id"];
  auto stolen = call("POST", "/api/v1/assistant/messages",
                     {{"text", "what are my todos"}, {"conversation_id", mine}}, other);
  EXPECT_EQ(stolen.status, 404);
  EXPECT_EQ(stolen.body["error"]["code"], "not_found");
}

}  // namespace
}  // namespace convonet::testing
