-- Assistant conversations (PostgreSQL dialect). Keep in step with sqlite/0002_conversations.sql.
-- A conversation belongs to one user and is shared by every channel (text, voice, MCP). Its
-- dialogue state (what the assistant is waiting for, which items "it" and "the second one"
-- mean) is one JSON document; turns are the transcript, pruned to the most recent ones.

CREATE TABLE conversations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX conversations_by_user ON conversations (user_id, updated_at);

CREATE TABLE conversation_turns (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  channel TEXT NOT NULL,
  text TEXT NOT NULL,
  actions TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL
);
CREATE INDEX conversation_turns_by_conversation ON conversation_turns (conversation_id, id);
