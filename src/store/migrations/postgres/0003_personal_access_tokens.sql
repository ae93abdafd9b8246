-- Personal access tokens (PostgreSQL dialect). Keep in step with sqlite/0003_personal_access_tokens.sql.
-- A token lets an MCP client or script act as its user with the granted scopes. Only the
-- SHA-256 of the token is stored; the token itself is shown once, at creation.
CREATE TABLE personal_access_tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX personal_access_tokens_by_user ON personal_access_tokens (user_id, id);
