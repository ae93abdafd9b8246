#pragma once
// Teams and memberships. Non-members cannot see a team at all (404); members lacking the role
// for an action get 403. The policy table lives in auth/rbac.hpp.
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::productivity {

struct TeamView {
  store::Team team;
  store::Role my_role = store::Role::viewer;
};

class TeamService {
 public:
  TeamService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<TeamView> create(const Principal& p, const std::string& name);
  Result<std::vector<TeamView>> list(const Principal& p);
  Result<TeamView> get(const Principal& p, store::Id team_id);
  Status remove(const Principal& p, store::Id team_id);

  Result<std::vector<store::Membership>> members(const Principal& p, store::Id team_id);
  Result<store::Membership> add_member(const Principal& p, store::Id team_id,
                                       const std::string& email, store::Role role);
  Result<store::Membership> change_role(const Principal& p, store::Id team_id, store::Id user_id,
                                        store::Role role);
  Status remove_member(const Principal& p, store::Id team_id, store::Id user_id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// The caller's role in the team, or 404 if they are not a member (or it does not exist).
Result<store::Role> role_in_team(store::Session& s, const Principal& p, store::Id team_id);
// Validates a team or item title: 1..200 printable UTF-8 characters after trimming.
Result<std::string> clean_title(std::string_view title, std::string_view what);
void audit(store::Session& s, const Principal& p, std::string action, std::string entity,
           store::Id entity_id, Timestamp now, std::string detail_json = "{}");

}  // namespace convonet::productivity
