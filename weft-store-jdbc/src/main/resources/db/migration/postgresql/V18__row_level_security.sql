-- Row-level security: the second line of tenant isolation, under the store's own "tenant_id = ?".
-- Each transaction says whose rows it works on with SET LOCAL weft.tenant (set_config(..., true)):
-- a tenant id, or '*' for the work that spans tenants (claims, group commits, retention). A connection
-- that says nothing sees no row and writes none. FORCE applies the policies to the tables' owner too;
-- only a superuser or a role with BYPASSRLS is above them (the server warns when it connects as one).

ALTER TABLE executions ENABLE ROW LEVEL SECURITY;
ALTER TABLE executions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON executions
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE steps FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON steps
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE signals ENABLE ROW LEVEL SECURITY;
ALTER TABLE signals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON signals
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE payloads ENABLE ROW LEVEL SECURITY;
ALTER TABLE payloads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON payloads
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE step_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE step_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON step_attempts
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE flow_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE flow_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON flow_versions
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE blobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON blobs
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE blob_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE blob_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON blob_chunks
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE credentials FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON credentials
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE trigger_cursors ENABLE ROW LEVEL SECURITY;
ALTER TABLE trigger_cursors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON trigger_cursors
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_heads
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON schedules
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE systems ENABLE ROW LEVEL SECURITY;
ALTER TABLE systems FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON systems
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

-- A tenant's own row; the list of tenants is the platform's ('*').
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

-- The audit log is appended to, never changed: no role under these policies may update or delete a row
-- (a superuser, which is above them, can; `weft audit verify` finds what it did).
CREATE POLICY append_only ON audit_log AS RESTRICTIVE FOR UPDATE USING (false);
CREATE POLICY append_only_delete ON audit_log AS RESTRICTIVE FOR DELETE USING (false);
