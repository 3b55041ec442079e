-- The audit log: appended to, never updated or deleted by Weft. Each tenant's entries form a hash chain:
-- hash = SHA-256 over the previous entry's hash, seq and every field (AuditChain).
CREATE TABLE audit_log (
    tenant_id      TEXT    NOT NULL,
    seq            BIGINT  NOT NULL,
    at             BIGINT  NOT NULL,
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    resource       TEXT    NOT NULL,
    outcome        TEXT    NOT NULL,
    status         INTEGER NOT NULL,
    client_address TEXT,
    user_agent     TEXT,
    before_digest  TEXT,
    after_digest   TEXT,
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_log_by_time ON audit_log (tenant_id, at);

-- Where each tenant's chain ends. Appending locks this row (on PostgreSQL), so that concurrent appends of
-- one tenant line up; a deleted last entry no longer matches it.
CREATE TABLE audit_heads (
    tenant_id TEXT   NOT NULL PRIMARY KEY,
    seq       BIGINT NOT NULL,
    hash      TEXT   NOT NULL
);
