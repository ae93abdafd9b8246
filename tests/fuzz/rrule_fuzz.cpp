// Property: parsing and bounded expansion never crash; a parsed rule's canonical text parses
// to the same rule.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "productivity/recurrence.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace convonet;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rule = productivity::parse_rrule(text);
  if (!rule) return 0;
  auto again = productivity::parse_rrule(productivity::format_rrule(*rule));
  if (!again || !(*again == *rule)) std::abort();
  const Timestamp start{std::chrono::seconds{1'790'000'000}};
  const auto occurrences = productivity::expand(*rule, start, start + std::chrono::hours{1},
                                                "Europe/London", start,
                                                start + std::chrono::days{400}, 50);
  if (occurrences.size() > 50) std::abort();
  return 0;
}
