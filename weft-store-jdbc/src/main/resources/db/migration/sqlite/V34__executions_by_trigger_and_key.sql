-- The executions list filters by the kind that started an execution and finds one by a prefix of its id or
-- of the id of what started it (ExecutionTrigger): both kept beside the row as written, filled here for the
-- rows written before, and indexed. A prefix of the id is a range of the primary key.
ALTER TABLE executions ADD COLUMN trigger_type TEXT;
ALTER TABLE executions ADD COLUMN trigger_key TEXT;
UPDATE executions SET
    trigger_type = CASE
        WHEN json_extract(trigger, '$.replayOf') IS NOT NULL THEN 'replay'
        WHEN json_type(trigger, '$.type') = 'text' AND json_extract(trigger, '$.type') <> ''
            THEN json_extract(trigger, '$.type')
        WHEN parent_id IS NOT NULL THEN 'subflow'
        ELSE 'manual' END,
    trigger_key = COALESCE(
        NULLIF(CAST(json_extract(trigger, '$.replayOf') AS TEXT), ''),
        NULLIF(CAST(json_extract(trigger, '$.deliveryId') AS TEXT), ''),
        NULLIF(CAST(json_extract(trigger, '$.eventId') AS TEXT), ''),
        NULLIF(CAST(json_extract(trigger, '$.executionId') AS TEXT), ''),
        parent_id);
CREATE INDEX executions_by_trigger_created ON executions (tenant_id, trigger_type, created_at, id);
CREATE INDEX executions_by_trigger_key ON executions (tenant_id, trigger_key);
