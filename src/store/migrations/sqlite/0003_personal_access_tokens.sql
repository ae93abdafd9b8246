-- Personal access tokens (SQLite dialect). Keep in step with postgres/0003_personal_access_tokens.sql.
-- A token lets an MCP client or script act as its user with the granted scopes. Only the
-- SHA-256 of the token is stored; the token itself is shown once, at creation.
CREATE TABLE personal_access_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX personal_access_tokens_by_user ON personal_access_tokens (user_id, id);
