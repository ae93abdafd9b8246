#include <utility>

#include "store/detail/sql.hpp"
#include "store/repositories.hpp"

namespace convonet::store::teams {

using namespace detail;

namespace {
Team read_team(Row& row) {
  Team team;
  team.id = row.integer(0);
  team.name = row.take_text(1);
  team.created_by = row.integer(2);
  team.created_at = to_timestamp(row.integer(3));
  return team;
}
}  // namespace

Team insert(Session& s, Team team) {
  team.created_at = or_now(team.created_at);
  auto row =
      s.query_one("INSERT INTO teams (name, created_by, created_at) VALUES (?, ?, ?) RETURNING id",
                  {team.name, team.created_by, seconds(team.created_at)});
  team.id = row->integer(0);
  return team;
}

std::optional<Team> by_id(Session& s, Id id) {
  auto row = s.query_one("SELECT id, name, created_by, created_at FROM teams WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return read_team(*row);
}

std::vector<std::pair<Team, Role>> for_user(Session& s, Id user_id) {
  auto rows = s.query(
      "SELECT t.id, t.name, t.created_by, t.created_at, m.role FROM teams t "
      "JOIN memberships m ON m.team_id = t.id WHERE m.user_id = ? ORDER BY t.id",
      {user_id});
  std::vector<std::pair<Team, Role>> teams;
  teams.reserve(rows.size());
  for (Row& row : rows) teams.emplace_back(read_team(row), enum_column<Role>(row, 4));
  return teams;
}

void remove(Session& s, Id team_id) {
  s.execute("DELETE FROM teams WHERE id = ?", {team_id});
}

void add_member(Session& s, Id team_id, Id user_id, Role role, Timestamp now) {
  s.execute("INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
            {team_id, user_id, static_cast<std::int64_t>(role), seconds(now)});
}

std::optional<Role> role_of(Session& s, Id team_id, Id user_id) {
  auto row = s.query_one("SELECT role FROM memberships WHERE team_id = ? AND user_id = ?",
                         {team_id, user_id});
  if (!row) return std::nullopt;
  return enum_column<Role>(*row, 0);
}

void set_role(Session& s, Id team_id, Id user_id, Role role) {
  s.execute("UPDATE memberships SET role = ? WHERE team_id = ? AND user_id = ?",
            {static_cast<std::int64_t>(role), team_id, user_id});
}

void remove_member(Session& s, Id team_id, Id user_id) {
  s.execute("DELETE FROM memberships WHERE team_id = ? AND user_id = ?", {team_id, user_id});
}

std::vector<Membership> members(Session& s, Id team_id) {
  auto rows = s.query(
      "SELECT m.team_id, m.user_id, m.role, m.created_at, u.email, u.name FROM memberships m "
      "JOIN users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY m.user_id",
      {team_id});
  std::vector<Membership> members;
  members.reserve(rows.size());
  for (Row& row : rows) {
    Membership& m = members.emplace_back();
    m.team_id = row.integer(0);
    m.user_id = row.integer(1);
    m.role = enum_column<Role>(row, 2);
    m.created_at = to_timestamp(row.integer(3));
    m.user_email = row.take_text(4);
    m.user_name = row.take_text(5);
  }
  return members;
}

}  // namespace convonet::store::teams
