-- As sqlite/V2__triggers_history_deletes.sql, with instants as BIGINT (PostgreSQL's INTEGER has 32 bits).
ALTER TABLE executions ADD COLUMN trigger TEXT;
ALTER TABLE steps ADD COLUMN input TEXT;
ALTER TABLE flow_versions ADD COLUMN deleted_at BIGINT;
