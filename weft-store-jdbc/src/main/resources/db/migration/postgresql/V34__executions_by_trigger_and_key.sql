-- The executions list filters by the kind that started an execution and finds one by a prefix of its id or
-- of the id of what started it (ExecutionTrigger): both kept beside the row as written, filled here for the
-- rows written before, and indexed. Prefixes are ranges compared in code point order (COLLATE "C"),
-- whatever the database's collation, so the id needs an index of its own in that order.
ALTER TABLE executions ADD COLUMN trigger_type TEXT;
ALTER TABLE executions ADD COLUMN trigger_key TEXT;
UPDATE executions SET
    trigger_type = CASE
        WHEN COALESCE(jsonb_typeof(trigger::jsonb -> 'replayOf'), 'null') <> 'null' THEN 'replay'
        WHEN jsonb_typeof(trigger::jsonb -> 'type') = 'string' AND trigger::jsonb ->> 'type' <> ''
            THEN trigger::jsonb ->> 'type'
        WHEN parent_id IS NOT NULL THEN 'subflow'
        ELSE 'manual' END,
    trigger_key = COALESCE(
        NULLIF(trigger::jsonb ->> 'replayOf', ''),
        NULLIF(trigger::jsonb ->> 'deliveryId', ''),
        NULLIF(trigger::jsonb ->> 'eventId', ''),
        NULLIF(trigger::jsonb ->> 'executionId', ''),
        parent_id);
CREATE INDEX executions_by_trigger_created ON executions (tenant_id, trigger_type, created_at, id);
CREATE INDEX executions_by_id_binary ON executions (tenant_id, id COLLATE "C");
CREATE INDEX executions_by_trigger_key ON executions (tenant_id, trigger_key COLLATE "C");
