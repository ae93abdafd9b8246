#include "assistant/time/detail/tokens.hpp"

#include <array>
#include <utility>

namespace convonet::assistant::time::detail {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

template <std::size_t N>
std::optional<int> index_of(const std::array<std::string_view, N>& table, std::string_view w) {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i] == w) return static_cast<int>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 20> kUnits = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};

constexpr std::array<std::string_view, 20> kOrdinals = {
    "zeroth",     "first",     "second",    "third",       "fourth",     "fifth",     "sixth",
    "seventh",    "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",   "thirteenth",
    "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"};

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    const std::size_t start = i;
    if (is_space(c)) {
      ++i;
    } else if (is_alpha(c)) {
      std::string word;
      // An apostrophe joins letters ("o'clock", "what's") but never starts or ends a word.
      while (i < n &&
             (is_alpha(text[i]) || (text[i] == '\'' && i + 1 < n && is_alpha(text[i + 1])))) {
        word += lower(text[i]);
        ++i;
      }
      // A possessive names the thing itself: "tomorrow's meeting", "friday's lunch", "this
      // evening's match". The span keeps the "'s".
      if (word.size() > 2 && word.ends_with("'s")) word.resize(word.size() - 2);
      tokens.push_back({TokenKind::word, std::move(word), -1, start, i});
    } else if (is_digit(c)) {
      long value = 0;
      while (i < n && is_digit(text[i])) {
        if (i - start < 9) value = value * 10 + (text[i] - '0');
        ++i;
      }
      if (i - start > 9) value = -1;
      tokens.push_back(
          {TokenKind::number, std::string(text.substr(start, i - start)), value, start, i});
    } else if (static_cast<unsigned char>(c) < 0x80) {
      ++i;
      tokens.push_back({TokenKind::symbol, std::string(1, c), -1, start, i});
    } else {
      while (i < n && static_cast<unsigned char>(text[i]) >= 0x80) ++i;
      tokens.push_back({TokenKind::other, std::string(), -1, start, i});
    }
  }
  return tokens;
}

std::optional<int> unit_word(std::string_view w) {
  return index_of(kUnits, w);
}

std::optional<int> tens_word(std::string_view w) {
  if (w == "twenty") return 20;
  if (w == "thirty") return 30;
  if (w == "forty") return 40;
  if (w == "fifty") return 50;
  return std::nullopt;
}

std::optional<int> ordinal_word(std::string_view w) {
  if (w == "twentieth") return 20;
  if (w == "thirtieth") return 30;
  if (w == "twelveth") return 12;  // a common misspelling, and how ASR often writes it
  const auto value = index_of(kOrdinals, w);
  if (value && *value > 0) return value;
  return std::nullopt;
}

bool is_ordinal_suffix(std::string_view w) {
  return w == "st" || w == "nd" || w == "rd" || w == "th";
}

std::optional<unsigned> month_word(std::string_view w) {
  static constexpr std::array<std::pair<std::string_view, unsigned>, 23> kMonths = {{
      {"january", 1},   {"jan", 1},   {"february", 2},  {"feb", 2},      {"march", 3},
      {"mar", 3},       {"april", 4}, {"apr", 4},       {"may", 5},      {"june", 6},
      {"jun", 6},       {"july", 7},  {"jul", 7},       {"august", 8},   {"aug", 8},
      {"september", 9}, {"sep", 9},   {"sept", 9},      {"october", 10}, {"oct", 10},
      {"november", 11}, {"nov", 11},  {"december", 12},
  }};
  if (w == "dec") return 12u;
  for (const auto& [name, number] : kMonths) {
    if (name == w) return number;
  }
  return std::nullopt;
}

std::optional<unsigned> weekday_word(std::string_view w, bool* plural) {
  // "mon", "wed", "sat" and "sun" are left out: they are ordinary words far more often.
  static constexpr std::array<std::pair<std::string_view, unsigned>, 13> kDays = {{
      {"monday", 1},
      {"tuesday", 2},
      {"tues", 2},
      {"tue", 2},
      {"wednesday", 3},
      {"thursday", 4},
      {"thurs", 4},
      {"thur", 4},
      {"thu", 4},
      {"friday", 5},
      {"fri", 5},
      {"saturday", 6},
      {"sunday", 7},
  }};
  bool is_plural = false;
  if (w.size() > 6 && w.back() == 's') {
    is_plural = true;
    w.remove_suffix(1);
  }
  for (const auto& [name, number] : kDays) {
    if (name == w && (!is_plural || name.size() > 5)) {
      if (plural) *plural = is_plural;
      return number;
    }
  }
  return std::nullopt;
}

}  // namespace convonet::assistant::time::detail
