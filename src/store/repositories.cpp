#include "store/repositories.hpp"

#include <array>

namespace convonet::store {

namespace {
constexpr std::array<std::string_view, 4> kRoles = {"viewer", "member", "admin", "owner"};
constexpr std::array<std::string_view, 4> kPriorities = {"low", "normal", "high", "urgent"};

template <class Enum, std::size_t N>
std::optional<Enum> from_names(const std::array<std::string_view, N>& names,
                               std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}
}  // namespace

std::string to_string(Role role) {
  return std::string(kRoles.at(static_cast<std::size_t>(role)));
}

std::optional<Role> role_from_string(std::string_view text) {
  return from_names<Role>(kRoles, text);
}

std::string to_string(Priority priority) {
  return std::string(kPriorities.at(static_cast<std::size_t>(priority)));
}

std::optional<Priority> priority_from_string(std::string_view text) {
  return from_names<Priority>(kPriorities, text);
}

}  // namespace convonet::store
