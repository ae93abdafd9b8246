#pragma once
// Which words are English words and which are names, from the English word list built into the
// library (see CMakeLists.txt). All lookups take lower-case ASCII words.
#include <string_view>

namespace convonet::assistant::nlu::detail {

// "milk", "meeting", "bob": listed in lower case, so an everyday word.
bool is_common_word(std::string_view word);
// "helga", "boston", "bob": listed with a capital, so a name of a person or a place.
bool is_proper_noun(std::string_view word);
// A known name, or a word the list does not know ("siddharth", "ngozi").
inline bool may_be_name(std::string_view word) {
  return is_proper_noun(word) || !is_common_word(word);
}

}  // namespace convonet::assistant::nlu::detail
