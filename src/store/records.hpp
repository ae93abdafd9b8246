#pragma once
// Plain rows as the services see them. All instants are UTC (core/time.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace convonet::store {

using Id = std::int64_t;

struct User {
  Id id = 0;
  std::string email;  // stored lower-cased; unique
  std::string name;
  std::string password_hash;               // Argon2id, libsodium string format
  std::string timezone;                    // IANA name, e.g. "Europe/London"
  std::vector<std::string> phone_numbers;  // E.164, each unique across users
  std::optional<std::string> pin_hash;     // HMAC-SHA256(server pepper, pin), hex
  int pin_failed_attempts = 0;
  std::optional<Timestamp> pin_locked_until;
  std::optional<std::string> feed_token_hash;  // SHA-256 of the calendar feed token, hex
  Timestamp created_at{};
  Timestamp updated_at{};
};

enum class Role { viewer = 0, member = 1, admin = 2, owner = 3 };

struct Team {
  Id id = 0;
  std::string name;
  Id created_by = 0;
  Timestamp created_at{};
};

struct Membership {
  Id team_id = 0;
  Id user_id = 0;
  Role role = Role::viewer;
  Timestamp created_at{};
  // Joined from users for listings.
  std::string user_email;
  std::string user_name;
};

enum class Priority { low = 0, normal = 1, high = 2, urgent = 3 };

struct Todo {
  Id id = 0;
  std::optional<Id> team_id;  // none: personal, visible to creator alone
  Id creator_id = 0;
  std::string title;
  std::string notes;
  Priority priority = Priority::normal;
  std::optional<Timestamp> due_at;
  std::optional<Timestamp> completed_at;
  std::optional<Id> assignee_id;
  std::optional<Id> event_id;  // linked calendar event (a reminder is todo + event)
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct Event {
  Id id = 0;
  std::optional<Id> team_id;
  Id creator_id = 0;
  std::string title;
  Timestamp start{};
  Timestamp end{};
  bool all_day = false;
  std::string location;
  std::vector<std::string> attendees;  // stored as a JSON array of strings
  std::optional<int> reminder_minutes;
  std::string rrule;     // empty: not recurring
  std::string timezone;  // IANA zone the recurrence is computed in (the creator's by default)
  // Starts of cancelled occurrences (RFC 5545 EXDATE), ascending; recurring events only.
  std::vector<Timestamp> exdates;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct RefreshToken {
  Id id = 0;
  Id user_id = 0;
  std::string token_hash;  // SHA-256 hex of the opaque token; the token itself is never stored
  std::string family_id;   // every rotation of one login shares it
  Timestamp expires_at{};
  std::optional<Timestamp> revoked_at;
  std::optional<Id> replaced_by;
  Timestamp created_at{};
};

struct AuditEntry {
  Id id = 0;
  std::optional<Id> actor_id;
  std::string action;  // e.g. "todo.create"
  std::string entity;  // e.g. "todo"
  std::optional<Id> entity_id;
  std::string detail;  // JSON object text, never secrets
  Timestamp at{};
};

}  // namespace convonet::store
