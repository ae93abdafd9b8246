#include "api/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/json_io.hpp"

namespace convonet::api {
namespace {

TEST(JsonWriter, EscapesStringsSoTheyParseBack) {
  const std::string tricky = "quote\" backslash\\ newline\n tab\t bell\x07 nul" +
                             std::string(1, '\0') + " caf\xC3\xA9 \xF0\x9F\x98\x80 </script>";
  JsonWriter w;
  w.begin_object();
  w.key("s");
  w.string(tricky);
  w.key("n");
  w.integer(-9007199254740993);
  w.key("list");
  w.begin_array();
  w.boolean(true);
  w.null();
  w.optional_integer(std::nullopt);
  w.optional_integer(7);
  w.begin_object();
  w.end_object();
  w.end_array();
  w.end_object();
  const auto parsed = nlohmann::json::parse(w.take());
  EXPECT_EQ(parsed["s"], tricky);
  EXPECT_EQ(parsed["n"], -9007199254740993);
  EXPECT_EQ(parsed["list"], nlohmann::json::parse(R"([true,null,null,7,{}])"));
}

TEST(JsonWriter, TodoTextHasEveryField) {
  store::Todo t;
  t.id = 3;
  t.creator_id = 1;
  t.title = "Call \"John\"";
  t.due_at = *parse_rfc3339("2026-11-25T14:00:00Z");
  const auto parsed = nlohmann::json::parse(todo_text(t));
  EXPECT_EQ(parsed["title"], "Call \"John\"");
  EXPECT_EQ(parsed["status"], "open");
  EXPECT_EQ(parsed["due_at"], "2026-11-25T14:00:00Z");
  EXPECT_TRUE(parsed["team_id"].is_null());
  EXPECT_EQ(parsed.size(), 13u);
}

}  // namespace
}  // namespace convonet::api
