#include "core/text.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace convonet {

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  const auto n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra;
    std::uint32_t code;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= n) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    // Overlong encodings, surrogates and code points past U+10FFFF are invalid.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
        (extra == 3 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool has_control_characters(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0x7F) return true;
  }
  return false;
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string trim(std::string_view text) {
  const auto* ws = " \t\r\n";
  const auto first = text.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(ws);
  return std::string(text.substr(first, last - first + 1));
}

Result<std::string> normalize_email(std::string_view email) {
  const std::string trimmed = to_lower_ascii(trim(email));
  const auto at = trimmed.find('@');
  const bool shaped = at != std::string::npos && at > 0 && at == trimmed.rfind('@') &&
                      trimmed.find('.', at) != std::string::npos && trimmed.back() != '.' &&
                      trimmed[at + 1] != '.';
  const bool clean = trimmed.find_first_of(" \t\r\n<>()[],;:\"\\") == std::string::npos &&
                     is_valid_utf8(trimmed) && !has_control_characters(trimmed);
  if (!shaped || !clean || trimmed.size() > 254) {
    return Error::unprocessable("email must be a valid address like name@example.com");
  }
  return trimmed;
}

bool json_nesting_within(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace convonet
