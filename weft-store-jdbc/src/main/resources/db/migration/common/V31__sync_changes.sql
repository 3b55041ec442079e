-- Data sync's change events (docs/sync.md, "changes: events"): the keys of records a side said changed, waiting
-- for the job's next run to read and sync them. A key waits once; posting it again raises its generation, and a
-- run deletes it after committing its record only at the generation it read, so that a change posted while the
-- run was reading is not lost. Waiting keys are read in key order, by the primary key alone.
CREATE TABLE sync_changes (
    tenant_id   TEXT   NOT NULL,
    job_id      TEXT   NOT NULL,
    side        TEXT   NOT NULL,
    record_key  TEXT   NOT NULL,
    generation  BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, job_id, side, record_key)
);
