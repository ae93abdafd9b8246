#pragma once
// Item-level access shared by todos and events: who can see an item and who can change it.
#include <optional>
#include <string>
#include <string_view>

#include "auth/rbac.hpp"
#include "core/principal.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::productivity {

struct ItemAccess {
  bool can_edit = false;
};

// Personal items: their creator alone (others get 404, so existence does not leak).
// Team items: any member reads; editing follows the team policy (own/assigned vs any).
Result<ItemAccess> item_access(store::Session& s, const Principal& p,
                               std::optional<store::Id> team_id, store::Id creator_id,
                               std::optional<store::Id> assignee_id, std::string_view what);
Status require_edit(const ItemAccess& access);
Status require_team_action(store::Role role, auth::TeamAction action);

}  // namespace convonet::productivity
