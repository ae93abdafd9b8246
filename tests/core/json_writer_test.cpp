#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace convonet {
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

}  // namespace
}  // namespace convonet
