#pragma once
// The one policy table for what a team role may do. Services ask it; nothing else decides.
#include "store/records.hpp"

namespace convonet::auth {

enum class TeamAction {
  read,            // see the team, its members, todos and events
  create_item,     // add todos and events
  edit_own_item,   // change or complete items one created or is assigned
  edit_any_item,   // change or delete anyone's items
  manage_members,  // add, remove and change viewers and members
  manage_admins,   // promote to / demote from admin, transfer ownership
  delete_team,
};

// viewer: read. member: + create_item, edit_own_item. admin: + edit_any_item, manage_members.
// owner: everything, including manage_admins and delete_team.
bool allowed(store::Role role, TeamAction action);

}  // namespace convonet::auth
