-- The events table without AUTOINCREMENT (docs/design/event-feed.md). AUTOINCREMENT made every commit that
-- wrote an event also write a page of sqlite_sequence; a plain INTEGER PRIMARY KEY takes the largest
-- sequence number plus one instead, which never goes back because retention never deletes the newest
-- event (JdbcEventStore.deleteBefore). Commit order is still sequence order: SQLite's writers take turns.
CREATE TABLE events_v15 (
    seq          INTEGER PRIMARY KEY,
    tx           INTEGER NOT NULL DEFAULT 0,
    tenant_id    TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    execution_id TEXT,
    parent_id    TEXT,
    payload      TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL
);
INSERT INTO events_v15 (seq, tx, tenant_id, type, execution_id, parent_id, payload, occurred_at)
    SELECT seq, tx, tenant_id, type, execution_id, parent_id, payload, occurred_at FROM events;
DROP TABLE events;
ALTER TABLE events_v15 RENAME TO events;
CREATE INDEX events_by_tenant ON events (tenant_id, seq);
-- Retention under AUTOINCREMENT could have emptied the table while consumers had read further than what
-- is left: the next numbers would then start lower and those consumers would skip them. Such a position
-- goes back to the newest event kept (a consumer reads at least once, so reading again is allowed).
UPDATE event_consumers SET seq = (SELECT coalesce(max(seq), 0) FROM events)
    WHERE seq > (SELECT coalesce(max(seq), 0) FROM events);
