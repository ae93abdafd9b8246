#pragma once
// Lets unordered maps keyed by std::string be searched with a string_view, without building a
// temporary string (statement caches are hit on every query).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace convonet::store::detail {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

}  // namespace convonet::store::detail
