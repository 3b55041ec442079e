-- A tenant's own quota of active (queued and running) executions; null for the server's default.
ALTER TABLE tenants ADD COLUMN max_active_executions INTEGER;
