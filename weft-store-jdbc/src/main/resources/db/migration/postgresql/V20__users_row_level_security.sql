-- Users and sessions are tenants' rows like the others (see V18).
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');
