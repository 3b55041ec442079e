-- The event feed (docs/design/event-feed.md): one row per event, written in the same transaction as the
-- change it reports. Sequence numbers are handed out before commit, so transactions running side by side
-- may commit them out of order; tx, the writing transaction's id, lets a reader hold back what a
-- transaction still running may yet commit (EventStore.read): readers go in (tx, seq) order and only
-- below the oldest running transaction.
CREATE TABLE events (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY,
    tx           BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    tenant_id    TEXT   NOT NULL,
    type         TEXT   NOT NULL,
    execution_id TEXT,
    parent_id    TEXT,
    payload      TEXT   NOT NULL,
    occurred_at  BIGINT NOT NULL,
    PRIMARY KEY (tx, seq)
);
-- No index on execution_id: its random ids made every insert a random B-tree write, a quarter of the
-- engine's throughput (docs/BENCHMARKS.md); the execution filter reads the tenant's range instead.
-- parent_id is the parent of a subflow's child, for the consumer that wakes parents.
CREATE INDEX events_by_tenant ON events (tenant_id, tx, seq);

-- How far each consumer of the feed has read (EventStore.savePosition), never moved back.
CREATE TABLE event_consumers (
    consumer   TEXT   PRIMARY KEY,
    tx         BIGINT NOT NULL,
    seq        BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
