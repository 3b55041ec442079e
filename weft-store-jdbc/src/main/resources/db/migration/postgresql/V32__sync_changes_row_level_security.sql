-- Data sync's change events (V31) are their tenants' like the other sync rows (V30).
ALTER TABLE sync_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_changes
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');
