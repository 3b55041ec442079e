-- Outbound webhooks' rows (V26) are their tenants' like the others (see V18).
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE webhook_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_messages
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_attempts
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');

ALTER TABLE event_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_types FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON event_types
    USING (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*')
    WITH CHECK (tenant_id = current_setting('weft.tenant', true) OR current_setting('weft.tenant', true) = '*');
