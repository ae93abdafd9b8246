-- Cancelled occurrences of recurring events (PostgreSQL dialect). Keep in step with
-- sqlite/0004_event_exdates.sql.
-- One row per cancelled occurrence (an RFC 5545 EXDATE): its start as UTC epoch seconds, like
-- events.start_at. The primary key makes cancelling the same occurrence twice a no-op and
-- serves the lookups by event; rows go with their event.
CREATE TABLE event_exdates (
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  occurrence_start BIGINT NOT NULL,
  PRIMARY KEY (event_id, occurrence_start)
);
