// libFuzzer entry point: understand() must accept any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assistant/nlu/nlu.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto now = convonet::Timestamp{std::chrono::seconds{1795514400}};  // 2026-11-24T10:00Z
  const auto understanding = convonet::assistant::nlu::understand(text, now, "Europe/London");
  (void)convonet::assistant::nlu::to_json(understanding).dump();
  return 0;
}
