#include "productivity/teams.hpp"

#include "auth/rbac.hpp"
#include "core/text.hpp"
#include "productivity/access.hpp"
#include "store/repositories.hpp"

namespace convonet::productivity {

using store::Role;
using store::TxMode;

Result<store::Role> role_in_team(store::Session& s, const Principal& p, store::Id team_id) {
  auto role = store::teams::role_of(s, team_id, p.user_id);
  if (!role) return Error::not_found("team not found");
  return *role;
}

Result<std::string> clean_title(std::string_view title, std::string_view what) {
  std::string cleaned = trim(title);
  if (!is_valid_utf8(cleaned) || has_control_characters(cleaned)) {
    return Error::unprocessable(std::string(what) + " must be printable UTF-8 text");
  }
  const auto length = utf8_length(cleaned);
  if (length < 1 || length > 200) {
    return Error::unprocessable(std::string(what) + " must be 1 to 200 characters");
  }
  return cleaned;
}

void audit(store::Session& s, const Principal& p, std::string action, std::string entity,
           store::Id entity_id, Timestamp now, std::string detail_json) {
  store::audit::record(s, store::AuditEntry{0, p.user_id, std::move(action), std::move(entity),
                                            entity_id, std::move(detail_json), now});
}

namespace {

// Who may grant, change or take away a role: admins handle members and viewers; only owners
// touch admins and owners.
Status require_role_change(Role actor, Role from, Role to) {
  const bool touches_admins = from >= Role::admin || to >= Role::admin;
  return require_team_action(
      actor, touches_admins ? auth::TeamAction::manage_admins : auth::TeamAction::manage_members);
}

int count_owners(const std::vector<store::Membership>& members) {
  int owners = 0;
  for (const auto& m : members) owners += m.role == Role::owner ? 1 : 0;
  return owners;
}

std::optional<store::Membership> find_member(store::Session& s, store::Id team_id,
                                             store::Id user_id) {
  for (auto& m : store::teams::members(s, team_id)) {
    if (m.user_id == user_id) return m;
  }
  return std::nullopt;
}

}  // namespace

Result<TeamView> TeamService::create(const Principal& p, const std::string& name) {
  auto title = clean_title(name, "team name");
  if (!title) return title.error();
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<TeamView> {
    auto team = store::teams::insert(s, store::Team{0, *title, p.user_id, now});
    store::teams::add_member(s, team.id, p.user_id, Role::owner, now);
    audit(s, p, "team.create", "team", team.id, now);
    return TeamView{team, Role::owner};
  });
}

Result<std::vector<TeamView>> TeamService::list(const Principal& p) {
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<std::vector<TeamView>> {
    std::vector<TeamView> views;
    for (auto& [team, role] : store::teams::for_user(s, p.user_id)) views.push_back({team, role});
    return views;
  });
}

Result<TeamView> TeamService::get(const Principal& p, store::Id team_id) {
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<TeamView> {
    auto role = role_in_team(s, p, team_id);
    if (!role) return role.error();
    auto team = store::teams::by_id(s, team_id);
    if (!team) return Error::not_found("team not found");
    return TeamView{*team, *role};
  });
}

Status TeamService::remove(const Principal& p, store::Id team_id) {
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto role = role_in_team(s, p, team_id);
    if (!role) return role.error();
    if (auto ok = require_team_action(*role, auth::TeamAction::delete_team); !ok) return ok;
    store::teams::remove(s, team_id);
    audit(s, p, "team.delete", "team", team_id, now);
    return {};
  });
}

Result<std::vector<store::Membership>> TeamService::members(const Principal& p, store::Id team_id) {
  return db_.transact(TxMode::read,
                      [&](store::Session& s) -> Result<std::vector<store::Membership>> {
                        auto role = role_in_team(s, p, team_id);
                        if (!role) return role.error();
                        return store::teams::members(s, team_id);
                      });
}

Result<store::Membership> TeamService::add_member(const Principal& p, store::Id team_id,
                                                  const std::string& email, Role role) {
  const auto now = clock_.now();
  const std::string normalized = to_lower_ascii(trim(email));
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<store::Membership> {
    auto mine = role_in_team(s, p, team_id);
    if (!mine) return mine.error();
    if (auto ok = require_role_change(*mine, Role::viewer, role); !ok) return ok.error();
    auto user = store::users::by_email(s, normalized);
    if (!user) return Error::not_found("no user with email " + normalized, "user_not_found");
    if (store::teams::role_of(s, team_id, user->id)) {
      return Error::conflict("that user is already a member of the team", "already_member");
    }
    store::teams::add_member(s, team_id, user->id, role, now);
    audit(s, p, "team.add_member", "team", team_id, now,
          "{\"user_id\":" + std::to_string(user->id) + ",\"role\":\"" + store::to_string(role) +
              "\"}");
    return *find_member(s, team_id, user->id);
  });
}

Result<store::Membership> TeamService::change_role(const Principal& p, store::Id team_id,
                                                   store::Id user_id, Role role) {
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<store::Membership> {
    auto mine = role_in_team(s, p, team_id);
    if (!mine) return mine.error();
    auto target = find_member(s, team_id, user_id);
    if (!target) return Error::not_found("that user is not a member of the team");
    if (auto ok = require_role_change(*mine, target->role, role); !ok) return ok.error();
    if (target->role == Role::owner && role != Role::owner &&
        count_owners(store::teams::members(s, team_id)) == 1) {
      return Error::conflict("a team must keep at least one owner", "last_owner");
    }
    store::teams::set_role(s, team_id, user_id, role);
    audit(s, p, "team.change_role", "team", team_id, now,
          "{\"user_id\":" + std::to_string(user_id) + ",\"role\":\"" + store::to_string(role) +
              "\"}");
    target->role = role;
    return *target;
  });
}

Status TeamService::remove_member(const Principal& p, store::Id team_id, store::Id user_id) {
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto mine = role_in_team(s, p, team_id);
    if (!mine) return mine.error();
    auto target = find_member(s, team_id, user_id);
    if (!target) return Error::not_found("that user is not a member of the team");
    // Anyone may leave; removing someone else needs the role to manage theirs.
    if (user_id != p.user_id) {
      if (auto ok = require_role_change(*mine, target->role, Role::viewer); !ok) return ok;
    }
    if (target->role == Role::owner && count_owners(store::teams::members(s, team_id)) == 1) {
      return Error::conflict("a team must keep at least one owner", "last_owner");
    }
    store::teams::remove_member(s, team_id, user_id);
    audit(s, p, "team.remove_member", "team", team_id, now,
          "{\"user_id\":" + std::to_string(user_id) + "}");
    return {};
  });
}

}  // namespace convonet::productivity
