-- The PostgreSQL store's schema: the tables of sqlite/V1__store.sql with the same column types where
-- the SQL that reads and writes them is shared (see docs/design/postgres-store.md): JSON is TEXT,
-- instants are epoch milliseconds (BIGINT). Every table carries tenant_id, first in every key.

-- Immutable: deploying changed source adds a row; the latest version is the highest.
CREATE TABLE flow_versions (
    tenant_id  TEXT    NOT NULL,
    namespace  TEXT    NOT NULL,
    flow_id    TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    source     TEXT    NOT NULL,
    sha256     TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, namespace, flow_id, version)
);

CREATE TABLE executions (
    tenant_id        TEXT    NOT NULL,
    id               TEXT    NOT NULL,
    namespace        TEXT    NOT NULL,
    flow_id          TEXT    NOT NULL,
    flow_version     INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    input            TEXT,
    output           TEXT,
    error            TEXT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    finished_at      BIGINT,
    due_at           BIGINT,
    lease_owner      TEXT,
    lease_until      BIGINT,
    lease_version    BIGINT  NOT NULL,
    parent_id        TEXT,
    parent_step_path TEXT,
    -- Insertion order, named after SQLite's implicit rowid so that the SQL ordering by it is shared:
    -- listing breaks ties of created_at by it, and queued work is claimed in this order.
    rowid            BIGINT  GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (tenant_id, id)
);
-- The claim, one partial index per kind of ready work, in the order it takes each: most rows are
-- terminal and stay out of these indexes. nextDueAt walks the first.
CREATE INDEX executions_waiting_by_due ON executions (due_at) WHERE status = 'waiting';
CREATE INDEX executions_active_by_rowid ON executions (status, rowid) WHERE status IN ('queued', 'running');
-- renewLeases (by owner and id) and the claim's look for dead owners.
CREATE INDEX executions_by_lease_owner ON executions (lease_owner, id);
-- Listing, newest first, all flows or one.
CREATE INDEX executions_by_created ON executions (tenant_id, created_at, rowid);
CREATE INDEX executions_by_flow_created ON executions (tenant_id, namespace, flow_id, created_at, rowid);

CREATE TABLE steps (
    tenant_id    TEXT    NOT NULL,
    execution_id TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    step_id      TEXT,
    type         TEXT,
    status       TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    output       TEXT,
    output_ref   TEXT,
    error        TEXT,
    started_at   BIGINT,
    finished_at  BIGINT,
    due_at       BIGINT,
    seq          BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, path),
    FOREIGN KEY (tenant_id, execution_id) REFERENCES executions (tenant_id, id)
);

-- seq comes from a sequence, which never hands out a number twice, even one whose row was deleted:
-- consumed signals are deleted, and a consumer must not mistake a new signal for one it consumed.
CREATE TABLE signals (
    tenant_id    TEXT    NOT NULL,
    execution_id TEXT    NOT NULL,
    seq          BIGINT  GENERATED ALWAYS AS IDENTITY,
    name         TEXT    NOT NULL,
    payload      TEXT,
    received_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, seq),
    FOREIGN KEY (tenant_id, execution_id) REFERENCES executions (tenant_id, id)
);

-- Large values stored out of line by content hash; written once, never changed.
CREATE TABLE payloads (
    tenant_id TEXT NOT NULL,
    hash      TEXT NOT NULL,
    json      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, hash)
);
