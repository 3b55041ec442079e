-- Tenants' own roles: named sets of permissions (a JSON array of their names).
CREATE TABLE roles (
    tenant_id   TEXT   NOT NULL,
    name        TEXT   NOT NULL,
    description TEXT,
    permissions TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);
