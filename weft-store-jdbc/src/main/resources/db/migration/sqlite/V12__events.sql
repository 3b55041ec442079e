-- The event feed (docs/design/event-feed.md): one row per event, written in the same transaction as the
-- change it reports. SQLite's writers take turns, so the sequence number alone is commit order; tx is
-- always 0 here and exists so that both databases answer the same queries. AUTOINCREMENT: a sequence
-- number is never used again, even after retention deleted the newest rows.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    tx           INTEGER NOT NULL DEFAULT 0,
    tenant_id    TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    execution_id TEXT,
    parent_id    TEXT,
    payload      TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL
);
-- No index on execution_id: its random ids made every insert a random B-tree write, a quarter of the
-- engine's throughput (docs/BENCHMARKS.md); the execution filter reads the tenant's range instead.
-- parent_id is the parent of a subflow's child, for the consumer that wakes parents.
CREATE INDEX events_by_tenant ON events (tenant_id, seq);

-- How far each consumer of the feed has read (EventStore.savePosition), never moved back.
CREATE TABLE event_consumers (
    consumer   TEXT    PRIMARY KEY,
    tx         INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
