-- Data sync's change events (docs/sync.md, "changes: events"): the keys of records a side said changed, waiting
-- for the job's next run to read and sync them. A key waits once; a run deletes it after committing it.
CREATE TABLE sync_changes (
    tenant_id   TEXT   NOT NULL,
    job_id      TEXT   NOT NULL,
    side        TEXT   NOT NULL,
    record_key  TEXT   NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, job_id, side, record_key)
);
-- A side's waiting keys, oldest first.
CREATE INDEX sync_changes_by_age ON sync_changes (tenant_id, job_id, side, received_at, record_key);
