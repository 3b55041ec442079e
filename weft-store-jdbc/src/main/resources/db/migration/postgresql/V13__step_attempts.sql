-- Every finished attempt of a step (StepAttempt), written in the commit of the step row it ends and never
-- changed. A retry of the execution deletes the failed step rows but not these, so an identity, not the
-- attempt number (which a retry starts again from 1), is the key and the order;
-- tenant_id leads the index that every read goes through.
CREATE TABLE step_attempts (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     TEXT    NOT NULL,
    execution_id  TEXT    NOT NULL,
    path          TEXT    NOT NULL,
    step_id       TEXT,
    type          TEXT,
    attempt       INTEGER NOT NULL,
    outcome       TEXT    NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    error_code    TEXT,
    error_message TEXT,
    retryable     BOOLEAN,
    target_status INTEGER
);
CREATE INDEX step_attempts_by_execution ON step_attempts (tenant_id, execution_id, id);
