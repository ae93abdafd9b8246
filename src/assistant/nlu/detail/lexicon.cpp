#include "assistant/nlu/detail/lexicon.hpp"

#include <algorithm>
#include <vector>

namespace convonet::assistant::nlu::detail {

// Sorted words, one per line, in string literals of whole lines (embed_words.cmake).
extern const std::vector<std::string_view> kCommonWordLines;
extern const std::vector<std::string_view> kProperNounLines;

namespace {

std::vector<std::string_view> split_lines(const std::vector<std::string_view>& chunks) {
  std::vector<std::string_view> words;
  for (const auto chunk : chunks) {
    std::size_t from = 0;
    for (auto end = chunk.find('\n'); end != std::string_view::npos;
         from = end + 1, end = chunk.find('\n', from)) {
      words.push_back(chunk.substr(from, end - from));
    }
  }
  return words;
}

}  // namespace

bool is_common_word(std::string_view word) {
  static const auto words = split_lines(kCommonWordLines);
  return std::binary_search(words.begin(), words.end(), word);
}

bool is_proper_noun(std::string_view word) {
  static const auto words = split_lines(kProperNounLines);
  return std::binary_search(words.begin(), words.end(), word);
}

}  // namespace convonet::assistant::nlu::detail
