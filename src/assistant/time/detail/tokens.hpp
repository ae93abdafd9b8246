#pragma once
// Tokens and number words for the date/time grammar. Private to src/assistant/time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace convonet::assistant::time::detail {

enum class TokenKind { word, number, symbol, other };

struct Token {
  TokenKind kind;
  std::string text;  // lower-case ASCII word, the digits, or the one symbol character
  long value = -1;   // numbers of at most 9 digits; -1 otherwise (too big to mean a time)
  std::size_t begin = 0, end = 0;  // byte span in the input
};

// Splits on whitespace; letters and digits form separate tokens ("3pm" -> 3, pm) so speech
// and typed styles meet in one grammar. Any run of non-ASCII bytes becomes one `other` token,
// so invalid UTF-8 is harmless and never joins a word.
std::vector<Token> tokenize(std::string_view text);

// "one".."nineteen" (and "zero") -> value.
std::optional<int> unit_word(std::string_view w);
// "twenty", "thirty", "forty", "fifty" -> value.
std::optional<int> tens_word(std::string_view w);
// "first".."nineteenth", "twentieth", "thirtieth" -> value.
std::optional<int> ordinal_word(std::string_view w);
// "st", "nd", "rd", "th".
bool is_ordinal_suffix(std::string_view w);
// "january"/"jan" .. "december"/"dec" -> 1..12.
std::optional<unsigned> month_word(std::string_view w);
// "monday".."sunday" (plus unambiguous short forms) -> ISO 1..7; plural sets `plural`.
std::optional<unsigned> weekday_word(std::string_view w, bool* plural = nullptr);

}  // namespace convonet::assistant::time::detail
