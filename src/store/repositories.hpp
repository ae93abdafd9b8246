#pragma once
// Typed data access, written once in portable SQL over Session. Every function runs in the
// caller's transaction; none checks permissions (services do). Constraint violations surface
// as DbError and become Error values in Database::transact.
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::store {

namespace users {
// Inserts the user with its phone numbers; fills id and timestamps.
User insert(Session& s, User user);
std::optional<User> by_id(Session& s, Id id);
std::optional<User> by_email(Session& s, const std::string& email_lowercase);
std::optional<User> by_phone(Session& s, const std::string& e164);
std::optional<User> by_feed_token_hash(Session& s, const std::string& hash);
// Updates name, timezone, password_hash, pin fields, feed_token_hash, updated_at and replaces
// phone numbers.
void update(Session& s, const User& user);
}  // namespace users

namespace teams {
Team insert(Session& s, Team team);
std::optional<Team> by_id(Session& s, Id id);
// Teams the user is a member of, with the user's role, ordered by id.
std::vector<std::pair<Team, Role>> for_user(Session& s, Id user_id);
void remove(Session& s, Id team_id);  // memberships go with it; team todos/events too

void add_member(Session& s, Id team_id, Id user_id, Role role, Timestamp now);
std::optional<Role> role_of(Session& s, Id team_id, Id user_id);
void set_role(Session& s, Id team_id, Id user_id, Role role);
void remove_member(Session& s, Id team_id, Id user_id);
std::vector<Membership> members(Session& s, Id team_id);  // ordered by user id
}  // namespace teams

namespace todos {
struct Filter {
  // Visible: the viewer's personal todos plus those of every team the viewer belongs to
  // (membership is read in the same query).
  Id viewer_id = 0;
  std::optional<Id> team_id;  // restrict to one of the viewer's teams
  std::optional<bool> done;   // true: completed only; false: open only
  std::optional<Id> assignee_id;
  std::optional<Timestamp> due_before;  // due_at < due_before
  std::optional<Timestamp> due_after;   // due_at >= due_after
  std::optional<Id> after_id;           // cursor: ids greater than this
  int limit = 50;
};
Todo insert(Session& s, Todo todo);
std::optional<Todo> by_id(Session& s, Id id);
std::vector<Todo> list(Session& s, const Filter& filter);  // ordered by id ascending
void update(Session& s, const Todo& todo);                 // every mutable field + updated_at
void remove(Session& s, Id id);
}  // namespace todos

namespace events {
struct Filter {
  Id viewer_id = 0;  // the viewer's personal events plus those of the viewer's teams
  std::optional<Id> team_id;
  // Events whose first start is before `to` and which are recurring or end after `from`.
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
};
// Reads load each event's exdates (one extra query for a whole list). Writes of the event
// row leave them alone: they change through add_exdate and replace_exdates only.
Event insert(Session& s, Event event);
std::optional<Event> by_id(Session& s, Id id);
std::vector<Event> list(Session& s, const Filter& filter);  // ordered by start, then id
void update(Session& s, const Event& event);
void remove(Session& s, Id id);  // todos linked to it keep existing with event_id cleared
// Records a cancelled occurrence; false when it was already recorded.
bool add_exdate(Session& s, Id event_id, Timestamp occurrence_start);
// Makes `exdates` the event's cancelled occurrences, whatever they were.
void replace_exdates(Session& s, Id event_id, const std::vector<Timestamp>& exdates);
}  // namespace events

namespace refresh_tokens {
RefreshToken insert(Session& s, RefreshToken token);
std::optional<RefreshToken> by_hash(Session& s, const std::string& token_hash);
// Marks the token spent: revoked_at = now, replaced_by = successor (may be none at logout).
// Only a live token is changed (WHERE revoked_at IS NULL); returns false if it was already
// spent, so two concurrent rotations of one token cannot both succeed.
bool mark_replaced(Session& s, Id id, std::optional<Id> replaced_by, Timestamp now);
// Revokes every unrevoked token of the family (reuse detected, or logout of the family).
void revoke_family(Session& s, const std::string& family_id, Timestamp now);
}  // namespace refresh_tokens

namespace audit {
void record(Session& s, const AuditEntry& entry);
std::vector<AuditEntry> recent(Session& s, int limit);  // newest first
}  // namespace audit

std::string to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);
std::string to_string(Priority priority);
std::optional<Priority> priority_from_string(std::string_view text);

}  // namespace convonet::store
