#include "core/text.hpp"

#include <gtest/gtest.h>

namespace convonet {
namespace {

TEST(Utf8, AcceptsValidAndRejectsInvalidSequences) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(
      is_valid_utf8("a\x80"
                    "b"));
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(utf8_length("caf\xC3\xA9"), 4u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
}

TEST(Text, ControlCharactersTrimAndCase) {
  EXPECT_TRUE(has_control_characters(std::string("a\0b", 3)));
  EXPECT_TRUE(has_control_characters("bell\x07"));
  EXPECT_FALSE(has_control_characters("tabs\tand\nnewlines"));
  EXPECT_EQ(trim("  hi there \n"), "hi there");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(to_lower_ascii("John@Example.COM"), "john@example.com");
}

TEST(Email, NormalizesAndValidates) {
  auto ok = normalize_email("  John.Smith@Example.com ");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "john.smith@example.com");
  for (const char* bad :
       {"", "john", "@example.com", "john@", "john@example", "a@b@c.com", "john smith@example.com",
        "john@.com", "john@example.com.", "<x>@y.com"}) {
    EXPECT_FALSE(normalize_email(bad)) << bad;
  }
  EXPECT_FALSE(normalize_email(std::string(250, 'a') + "@example.com"));
}

TEST(JsonNesting, CountsBracketsOutsideStrings) {
  EXPECT_TRUE(json_nesting_within("{}", 1));
  EXPECT_TRUE(json_nesting_within(R"({"a":[1,{"b":2}]})", 3));
  EXPECT_FALSE(json_nesting_within(R"({"a":[1,{"b":2}]})", 2));
  EXPECT_TRUE(json_nesting_within(R"({"a":"[[[[{{{{\"]]]"})", 1));  // brackets in a string
  EXPECT_FALSE(json_nesting_within(std::string(1000, '['), 64));
  EXPECT_TRUE(json_nesting_within("", 0));
}

}  // namespace
}  // namespace convonet
