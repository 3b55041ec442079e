-- What started each execution (expressions read it as `trigger`), what each step was given, and
-- deleted flows (their versions stay readable for the executions pinned to them).
ALTER TABLE executions ADD COLUMN trigger TEXT;
ALTER TABLE steps ADD COLUMN input TEXT;
ALTER TABLE flow_versions ADD COLUMN deleted_at INTEGER;
