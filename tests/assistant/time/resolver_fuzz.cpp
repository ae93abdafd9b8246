// libFuzzer entry point: resolve() and find_shift() must accept any bytes without crashing, hanging
// or tripping the sanitizers. Not part of the gtest target.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assistant/time/resolver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace t = convonet::assistant::time;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // A fixed instant and zones with and without DST, so findings reproduce.
  const convonet::Timestamp now{std::chrono::seconds{1781692200}};  // 2026-06-17T10:30:00Z
  for (const char* zone : {"Europe/London", "Asia/Kolkata"}) {
    if (const auto e = t::resolve(text, now, zone)) {
      if (e->begin + e->length > size) __builtin_trap();
      // Pieces are in order, inside the input and inside begin/length.
      if (e->pieces.empty() || e->pieces.front().begin != e->begin) __builtin_trap();
      std::size_t last = e->begin;
      for (const auto& piece : e->pieces) {
        if (piece.begin < last || piece.length == 0 ||
            piece.begin + piece.length > e->begin + e->length) {
          __builtin_trap();
        }
        last = piece.begin + piece.length;
      }
      if (last != e->begin + e->length) __builtin_trap();
      (void)t::to_json(*e);
    }
  }
  // A shift lies inside the input and has an amount.
  if (const auto shift = t::find_shift(text)) {
    if (shift->span.begin + shift->span.length > size || shift->minutes.count() == 0) {
      __builtin_trap();
    }
  }
  return 0;
}
