-- Data sync (docs/design/data-sync.md): deployed jobs, the links between the records of a job's two sides,
-- each side's change cursor, runs (due rows claimed with a lease and fenced by a lease version, like webhook
-- deliveries), failed records and held conflicts. JSON is TEXT, instants are epoch milliseconds, booleans are
-- BOOLEAN (0 or 1 on SQLite). Partial indexes name their conditions as literals, and the store's queries
-- repeat them word for word: both databases use a partial index only for a query whose condition contains
-- the index's own.

-- Only the latest version of a job is kept. last_run_id hands out the job's run ids, so that an id is never
-- used twice, even after retention deleted the runs that had the highest ones.
CREATE TABLE sync_jobs (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    enabled     BOOLEAN NOT NULL,
    last_run_id BIGINT  NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- The scheduler's list of every tenant's enabled jobs.
CREATE INDEX sync_jobs_enabled ON sync_jobs (tenant_id, id) WHERE enabled;

-- Keys are canonical JSON arrays of the key fields' values; a record is linked to one record of the other side.
CREATE TABLE sync_links (
    tenant_id  TEXT   NOT NULL,
    job_id     TEXT   NOT NULL,
    left_key   TEXT   NOT NULL,
    right_key  TEXT   NOT NULL,
    left_hash  TEXT   NOT NULL,
    right_hash TEXT   NOT NULL,
    base       TEXT,
    synced_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, job_id, left_key)
);
-- Links by the right side's key, and at most one link per right record.
CREATE UNIQUE INDEX sync_links_by_right ON sync_links (tenant_id, job_id, right_key);

-- side is 'left' or 'right'; cursor_value is JSON text.
CREATE TABLE sync_cursors (
    tenant_id    TEXT   NOT NULL,
    job_id       TEXT   NOT NULL,
    side         TEXT   NOT NULL,
    cursor_value TEXT   NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, job_id, side)
);

-- Ids increase per tenant and job (sync_jobs.last_run_id). The counts grow with each committed batch.
CREATE TABLE sync_runs (
    tenant_id       TEXT    NOT NULL,
    job_id          TEXT    NOT NULL,
    id              BIGINT  NOT NULL,
    job_version     INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    full_scan       BOOLEAN NOT NULL,
    status          TEXT    NOT NULL,
    read_count      BIGINT  NOT NULL,
    created_count   BIGINT  NOT NULL,
    updated_count   BIGINT  NOT NULL,
    deleted_count   BIGINT  NOT NULL,
    unchanged_count BIGINT  NOT NULL,
    conflict_count  BIGINT  NOT NULL,
    failed_count    BIGINT  NOT NULL,
    progress        TEXT,
    error           TEXT,
    created_at      BIGINT  NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT,
    lease_version   BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, job_id, id)
);
-- The claim: queued runs, oldest first; and a job's queued run, which an enqueue joins (one per job).
CREATE INDEX sync_runs_queued ON sync_runs (created_at) WHERE status = 'queued';
CREATE INDEX sync_runs_queued_by_job ON sync_runs (tenant_id, job_id) WHERE status = 'queued';
-- The claim: whether a job has a running run, and running runs whose lease has ended (taken over).
CREATE INDEX sync_runs_running_by_job ON sync_runs (tenant_id, job_id) WHERE status = 'running';
CREATE INDEX sync_runs_leases ON sync_runs (lease_until) WHERE status = 'running';
-- Retention: ended runs by when they ended (only ended runs have finished_at).
CREATE INDEX sync_runs_finished ON sync_runs (finished_at) WHERE finished_at IS NOT NULL;

-- One row per failed record (side and key); attempts counts the runs that tried it.
CREATE TABLE sync_failures (
    tenant_id       TEXT    NOT NULL,
    job_id          TEXT    NOT NULL,
    side            TEXT    NOT NULL,
    record_key      TEXT    NOT NULL,
    code            TEXT    NOT NULL,
    message         TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    run_id          BIGINT  NOT NULL,
    first_failed_at BIGINT  NOT NULL,
    last_failed_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, job_id, side, record_key)
);

-- Ids are cfl_ and a time-ordered id, so the id is also the order of creation. fields is a JSON array;
-- left_record, right_record, base and resolution are JSON text.
CREATE TABLE sync_conflicts (
    tenant_id    TEXT   NOT NULL,
    job_id       TEXT   NOT NULL,
    id           TEXT   NOT NULL,
    left_key     TEXT   NOT NULL,
    right_key    TEXT   NOT NULL,
    left_record  TEXT   NOT NULL,
    right_record TEXT   NOT NULL,
    base         TEXT,
    fields       TEXT   NOT NULL,
    status       TEXT   NOT NULL,
    resolution   TEXT,
    resolved_by  TEXT,
    created_at   BIGINT NOT NULL,
    resolved_at  BIGINT,
    PRIMARY KEY (tenant_id, job_id, id)
);
-- A job's conflicts in a status, oldest first, and how many are open.
CREATE INDEX sync_conflicts_by_status ON sync_conflicts (tenant_id, job_id, status, id);
-- At most one open or resolved conflict per record: a newer one replaces it.
CREATE UNIQUE INDEX sync_conflicts_pending ON sync_conflicts (tenant_id, job_id, left_key)
    WHERE status IN ('open', 'resolved');
