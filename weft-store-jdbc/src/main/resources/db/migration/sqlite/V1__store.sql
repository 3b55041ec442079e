-- The embedded store's schema. JSON is TEXT (so SQLite's json functions can read it), instants are
-- epoch milliseconds. Every table carries tenant_id, first in every key.

-- Immutable: deploying changed source adds a row; the latest version is the highest.
CREATE TABLE flow_versions (
    tenant_id  TEXT    NOT NULL,
    namespace  TEXT    NOT NULL,
    flow_id    TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    source     TEXT    NOT NULL,
    sha256     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
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
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    due_at           INTEGER,
    lease_owner      TEXT,
    lease_until      INTEGER,
    lease_version    INTEGER NOT NULL,
    parent_id        TEXT,
    parent_step_path TEXT,
    PRIMARY KEY (tenant_id, id)
);
-- The claim (queued and running by status, waiting by status and due_at) and nextDueAt (min due_at).
CREATE INDEX executions_by_status_due ON executions (status, due_at);
-- renewLeases (by owner).
CREATE INDEX executions_by_lease_owner ON executions (lease_owner);
-- Listing, newest first, all flows or one.
CREATE INDEX executions_by_created ON executions (tenant_id, created_at);
CREATE INDEX executions_by_flow_created ON executions (tenant_id, namespace, flow_id, created_at);

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
    started_at   INTEGER,
    finished_at  INTEGER,
    due_at       INTEGER,
    seq          INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, path),
    FOREIGN KEY (tenant_id, execution_id) REFERENCES executions (tenant_id, id)
);

-- AUTOINCREMENT, not a plain rowid: consumed signals are deleted, and a plain rowid would hand the
-- deleted highest seq to the next signal, so that a consumer could mistake it for one it consumed.
CREATE TABLE signals (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id    TEXT    NOT NULL,
    execution_id TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    payload      TEXT,
    received_at  INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, execution_id) REFERENCES executions (tenant_id, id)
);
CREATE INDEX signals_by_execution ON signals (tenant_id, execution_id, seq);

-- Large values stored out of line by content hash; written once, never changed.
CREATE TABLE payloads (
    tenant_id TEXT NOT NULL,
    hash      TEXT NOT NULL,
    json      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, hash)
);
