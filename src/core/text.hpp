#pragma once
// Text validation shared by every input boundary.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace convonet {

bool is_valid_utf8(std::string_view text);
// Number of code points; the text must be valid UTF-8.
std::size_t utf8_length(std::string_view text);
// True if the text holds a C0 control character other than tab, newline and carriage return.
bool has_control_characters(std::string_view text);
std::string to_lower_ascii(std::string_view text);
// ASCII case-insensitive equality (header names, auth schemes).
bool iequals(std::string_view a, std::string_view b);
std::string trim(std::string_view text);
// The trimmed, lower-cased address if it looks like a deliverable email; an unprocessable
// error otherwise.
Result<std::string> normalize_email(std::string_view email);

// Whether a JSON text nests objects and arrays at most max_depth deep, counted without parsing
// (strings skipped; stops early). nlohmann's parser is iterative, but code that walks a
// document usually recurses: a cheap pre-scan keeps hostile nesting out of it.
bool json_nesting_within(std::string_view text, int max_depth);

}  // namespace convonet
