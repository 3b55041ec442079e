-- Shared by SQLite and PostgreSQL: TEXT and BIGINT mean the same to both (BIGINT has INTEGER affinity
-- in SQLite). Instants are epoch milliseconds.

-- API keys, hashed: never the key itself. The id (the key's public part) is unique across tenants, since
-- a request names its key and the key names its tenant.
CREATE TABLE api_keys (
    tenant_id  TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    name       TEXT,
    hash       TEXT   NOT NULL,
    role       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_by_id ON api_keys (id);

-- The next slot of each schedule trigger, advanced by compare-and-set.
CREATE TABLE schedules (
    tenant_id   TEXT   NOT NULL,
    namespace   TEXT   NOT NULL,
    flow_id     TEXT   NOT NULL,
    trigger_key TEXT   NOT NULL,
    next_slot   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, namespace, flow_id, trigger_key)
);
