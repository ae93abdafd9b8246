#include "productivity/access.hpp"

#include "store/repositories.hpp"

namespace convonet::productivity {

Status require_team_action(store::Role role, auth::TeamAction action) {
  if (!auth::allowed(role, action)) {
    return Error::forbidden("your role in this team (" + store::to_string(role) +
                            ") does not allow this");
  }
  return {};
}

Result<ItemAccess> item_access(store::Session& s, const Principal& p,
                               std::optional<store::Id> team_id, store::Id creator_id,
                               std::optional<store::Id> assignee_id, std::string_view what) {
  if (!team_id) {
    if (creator_id != p.user_id) return Error::not_found(std::string(what) + " not found");
    return ItemAccess{true};
  }
  auto role = store::teams::role_of(s, *team_id, p.user_id);
  if (!role) return Error::not_found(std::string(what) + " not found");
  const bool own = creator_id == p.user_id || assignee_id == p.user_id;
  const bool can_edit = auth::allowed(*role, auth::TeamAction::edit_any_item) ||
                        (own && auth::allowed(*role, auth::TeamAction::edit_own_item));
  return ItemAccess{can_edit};
}

Status require_edit(const ItemAccess& access) {
  if (!access.can_edit) return Error::forbidden("your role does not allow changing this item");
  return {};
}

}  // namespace convonet::productivity
