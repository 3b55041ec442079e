-- Configured external systems (docs/design/connector-sdk.md): config and policy as JSON text, the vault
-- credential by name only. version grows at every change, so that clients of an older one are replaced.
CREATE TABLE systems (
    tenant_id  TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    connector  TEXT   NOT NULL,
    config     TEXT   NOT NULL,
    credential TEXT,
    policy     TEXT   NOT NULL,
    version    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
