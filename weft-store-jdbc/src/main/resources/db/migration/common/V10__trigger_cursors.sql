-- How far each polling trigger has read its system (TriggerCursorStore), as the connector's JSON.
CREATE TABLE trigger_cursors (
    tenant_id   TEXT   NOT NULL,
    trigger_key TEXT   NOT NULL,
    cursor      TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, trigger_key)
);
