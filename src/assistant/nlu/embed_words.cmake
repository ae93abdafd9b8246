# Writes the English word list the NLU tells names from words by: common words (lower-case
# entries) and proper nouns (capitalized entries, lower-cased; "bob" is both), ASCII only, each
# list sorted and written as string literals of whole lines, each shorter than the 65,536
# characters a compiler must accept. Run in script mode: cmake -DIN=<word list> -DOUT=<.cpp> -P embed_words.cmake
file(STRINGS "${IN}" common REGEX "^[a-z]+$")
file(STRINGS "${IN}" proper REGEX "^[A-Z][a-z]+$")
list(TRANSFORM proper TOLOWER)
list(REMOVE_DUPLICATES common)
list(REMOVE_DUPLICATES proper)
list(SORT common)
list(SORT proper)

function(as_chunks name words out)
  set(chunks "")
  set(chunk "")
  set(length 0)
  foreach(word IN LISTS words)
    string(LENGTH "${word}" n)
    math(EXPR length "${length} + ${n} + 2")
    if(length GREATER 60000)
      string(APPEND chunks "    \"${chunk}\",\n")
      set(chunk "")
      math(EXPR length "${n} + 2")
    endif()
    string(APPEND chunk "${word}\\n")
  endforeach()
  string(APPEND chunks "    \"${chunk}\",\n")
  set(${out} "extern const std::vector<std::string_view> ${name} = {\n${chunks}};\n" PARENT_SCOPE)
endfunction()

as_chunks(kCommonWordLines "${common}" common_text)
as_chunks(kProperNounLines "${proper}" proper_text)
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_words.cmake. Do not edit.\n"
     "#include <string_view>\n#include <vector>\n\n"
     "namespace convonet::assistant::nlu::detail {\n\n${common_text}\n${proper_text}\n"
     "}  // namespace convonet::assistant::nlu::detail\n")
file(RENAME "${OUT}.tmp" "${OUT}")
