// Property: parsing never crashes, and whatever parses formats back to text that parses to
// the same instant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = convonet::parse_rfc3339(text)) {
    if (convonet::parse_rfc3339(convonet::format_rfc3339(*t)) != t) std::abort();
  }
  return 0;
}
