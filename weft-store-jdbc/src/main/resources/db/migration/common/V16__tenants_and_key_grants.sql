-- Tenants: every other table's tenant_id names one of these. The 'default' tenant is inserted by the
-- application when it opens the store (with the time it did so).
CREATE TABLE tenants (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    status     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- What a key may reach besides its role: a JSON array of namespaces (null: all of the tenant's), when it
-- was last used (written at most once a minute), and who created it.
ALTER TABLE api_keys ADD COLUMN namespaces TEXT;
ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;
ALTER TABLE api_keys ADD COLUMN created_by TEXT;

-- Until now the only key was the one created on first start, the platform's own administrator.
UPDATE api_keys SET role = 'platform-admin' WHERE tenant_id = 'default' AND role = 'admin';
