#include "auth/rbac.hpp"

#include <optional>

namespace convonet::auth {

namespace {

using store::Role;

// Roles are strictly nested, so the table is one minimum role per action.
std::optional<Role> minimum_role(TeamAction action) {
  switch (action) {
    case TeamAction::read:
      return Role::viewer;
    case TeamAction::create_item:
      return Role::member;
    case TeamAction::edit_own_item:
      return Role::member;
    case TeamAction::edit_any_item:
      return Role::admin;
    case TeamAction::manage_members:
      return Role::admin;
    case TeamAction::manage_admins:
      return Role::owner;
    case TeamAction::delete_team:
      return Role::owner;
  }
  return std::nullopt;  // an out-of-range value: deny
}

std::optional<int> rank(Role role) {
  switch (role) {
    case Role::viewer:
      return 0;
    case Role::member:
      return 1;
    case Role::admin:
      return 2;
    case Role::owner:
      return 3;
  }
  return std::nullopt;  // an out-of-range value (e.g. a corrupt row): deny
}

}  // namespace

bool allowed(Role role, TeamAction action) {
  const auto needed = minimum_role(action);
  const auto have = rank(role);
  return needed && have && *have >= *rank(*needed);
}

}  // namespace convonet::auth
