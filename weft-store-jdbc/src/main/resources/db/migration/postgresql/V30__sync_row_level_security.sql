-- Data sync's rows (V29) are their tenants' like the others (see V18).
ALTER TABLE sync_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_jobs
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE sync_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_links
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE sync_cursors ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_cursors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_cursors
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE sync_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_runs
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE sync_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_failures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_failures
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE sync_conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_conflicts
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');
