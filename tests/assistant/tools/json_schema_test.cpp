#include "assistant/tools/json_schema.hpp"

#include <gtest/gtest.h>

namespace convonet::assistant {
namespace {

using nlohmann::json;

const json kTodoSchema = json::parse(R"({
  "type": "object",
  "additionalProperties": false,
  "required": ["title"],
  "properties": {
    "title": {"type": "string", "minLength": 1, "maxLength": 5},
    "priority": {"type": "string", "enum": ["low", "normal", "high"]},
    "due_at": {"type": ["string", "null"], "format": "date-time"},
    "team_id": {"type": "integer", "minimum": 1},
    "attendees": {"type": "array", "maxItems": 2, "items": {"type": "string", "format": "email"}},
    "all_day": {"type": "boolean"}
  }
})");

std::string error_of(const json& value) {
  auto status = validate(kTodoSchema, value);
  return status ? "" : status.error().message;
}

TEST(JsonSchema, AcceptsConformingValues) {
  EXPECT_EQ(error_of({{"title", "call"}}), "");
  EXPECT_EQ(error_of({{"title", "call"},
                      {"priority", "high"},
                      {"due_at", nullptr},
                      {"team_id", 3},
                      {"attendees", {"a@example.com"}},
                      {"all_day", true}}),
            "");
  EXPECT_EQ(error_of({{"title", "caf\xC3\xA9!"}}), "");  // 5 characters, 6 bytes
}

TEST(JsonSchema, NamesTheOffendingField) {
  EXPECT_EQ(error_of(json::object()), "input.title is required");
  EXPECT_EQ(error_of({{"title", 5}}), "input.title must be of type string");
  EXPECT_EQ(error_of({{"title", ""}}), "input.title must be at least 1 characters");
  EXPECT_EQ(error_of({{"title", "toolong"}}), "input.title must be at most 5 characters");
  EXPECT_EQ(error_of({{"title", "x"}, {"priority", "asap"}}),
            "input.priority must be one of \"low\", \"normal\", \"high\"");
  EXPECT_EQ(error_of({{"title", "x"}, {"due_at", "tomorrow"}}),
            "input.due_at must be an RFC 3339 date-time like 2026-11-24T14:00:00Z");
  EXPECT_EQ(error_of({{"title", "x"}, {"due_at", 7}}),
            "input.due_at must be of type string or null");
  EXPECT_EQ(error_of({{"title", "x"}, {"team_id", 0}}), "input.team_id must be at least 1");
  EXPECT_EQ(error_of({{"title", "x"}, {"team_id", 1.5}}), "input.team_id must be of type integer");
  EXPECT_EQ(error_of({{"title", "x"}, {"attendees", {"a@example.com", "not mail"}}}),
            "input.attendees[1] must be an email address");
  EXPECT_EQ(error_of({{"title", "x"}, {"attendees", {"a@x.io", "b@x.io", "c@x.io"}}}),
            "input.attendees has more than 2 items");
  EXPECT_EQ(error_of({{"title", "x"}, {"titel", "typo"}}), "input.titel is not a known field");
  EXPECT_EQ(error_of(json::array()), "input must be of type object");
}

TEST(JsonSchema, ErrorsAreUnprocessable) {
  auto status = validate(kTodoSchema, json::object());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(status.error().code, "invalid_input");
}

}  // namespace
}  // namespace convonet::assistant
