-- Initial schema (PostgreSQL dialect). Keep in step with sqlite/0001_initial.sql.
-- Portable types: ids are 64-bit integers, instants are BIGINT UTC epoch seconds, booleans
-- are INTEGER 0/1, enums are INTEGER with CHECK constraints.
-- Format: each statement ends with ';' at the end of a line; "--" comments on their own lines.

CREATE TABLE users (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  timezone TEXT NOT NULL,
  pin_hash TEXT,
  pin_failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (pin_failed_attempts >= 0),
  pin_locked_until BIGINT,
  feed_token_hash TEXT UNIQUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE user_phones (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  phone TEXT NOT NULL UNIQUE
);
CREATE INDEX user_phones_by_user ON user_phones (user_id);

CREATE TABLE teams (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role INTEGER NOT NULL CHECK (role BETWEEN 0 AND 3),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id BIGINT REFERENCES teams (id) ON DELETE CASCADE,
  creator_id BIGINT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
  location TEXT NOT NULL DEFAULT '',
  attendees TEXT NOT NULL DEFAULT '[]',
  reminder_minutes INTEGER CHECK (reminder_minutes >= 0),
  rrule TEXT NOT NULL DEFAULT '',
  timezone TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (end_at >= start_at)
);
CREATE INDEX events_by_creator_start ON events (creator_id, start_at);
CREATE INDEX events_by_team_start ON events (team_id, start_at);

CREATE TABLE todos (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id BIGINT REFERENCES teams (id) ON DELETE CASCADE,
  creator_id BIGINT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
  due_at BIGINT,
  completed_at BIGINT,
  assignee_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  event_id BIGINT REFERENCES events (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX todos_by_creator ON todos (creator_id, id);
CREATE INDEX todos_by_team ON todos (team_id, id);
CREATE INDEX todos_by_assignee ON todos (assignee_id, id);
CREATE INDEX todos_by_due ON todos (due_at);
-- Deleting an event clears todos.event_id; without an index that is a full scan.
CREATE INDEX todos_by_event ON todos (event_id);

CREATE TABLE refresh_tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  family_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  replaced_by BIGINT REFERENCES refresh_tokens (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

-- No foreign keys: the audit trail outlives the users and entities it mentions.
CREATE TABLE audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id BIGINT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  detail TEXT NOT NULL DEFAULT '{}',
  at BIGINT NOT NULL
);
CREATE INDEX audit_log_by_at ON audit_log (at, id);
