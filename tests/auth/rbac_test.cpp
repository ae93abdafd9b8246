#include "auth/rbac.hpp"

#include <gtest/gtest.h>

#include <array>

namespace convonet::auth {
namespace {

using store::Role;

constexpr std::array kRoles = {Role::viewer, Role::member, Role::admin, Role::owner};
constexpr std::array kActions = {TeamAction::read,           TeamAction::create_item,
                                 TeamAction::edit_own_item,  TeamAction::edit_any_item,
                                 TeamAction::manage_members, TeamAction::manage_admins,
                                 TeamAction::delete_team};

// The policy written out in full, one row per action, one column per role:
//                                      viewer member admin  owner
constexpr bool kExpected[7][4] = {
    /* read           */ {true, true, true, true},
    /* create_item    */ {false, true, true, true},
    /* edit_own_item  */ {false, true, true, true},
    /* edit_any_item  */ {false, false, true, true},
    /* manage_members */ {false, false, true, true},
    /* manage_admins  */ {false, false, false, true},
    /* delete_team    */ {false, false, false, true},
};

TEST(Rbac, MatchesThePolicyTable) {
  for (std::size_t a = 0; a < kActions.size(); ++a) {
    for (std::size_t r = 0; r < kRoles.size(); ++r) {
      EXPECT_EQ(allowed(kRoles[r], kActions[a]), kExpected[a][r])
          << "action " << a << " role " << r;
    }
  }
}

TEST(Rbac, DeniesValuesOutsideTheEnums) {
  EXPECT_FALSE(allowed(static_cast<Role>(4), TeamAction::read));
  EXPECT_FALSE(allowed(static_cast<Role>(-1), TeamAction::read));
  EXPECT_FALSE(allowed(Role::owner, static_cast<TeamAction>(99)));
}

}  // namespace
}  // namespace convonet::auth
