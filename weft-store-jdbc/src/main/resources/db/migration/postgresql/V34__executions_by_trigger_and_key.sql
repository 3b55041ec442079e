-- The executions list filters by the kind that started an execution and finds one by a prefix of its id or
-- of the id of what started it (ExecutionTrigger): both kept beside the row as written, filled here for the
-- rows written before, and indexed. Prefixes are ranges compared in code point order (COLLATE "C"),
-- whatever the database's collation, so the id needs an index of its own in that order.
ALTER TABLE executions ADD COLUMN trigger_type TEXT;
ALTER TABLE executions ADD COLUMN trigger_key TEXT;
UPDATE executions SET
    trigger_type = CASE WHEN parent_id IS NOT NULL THEN 'subflow' ELSE 'manual' END,
    trigger_key = parent_id
WHERE trigger IS NULL;
-- Each trigger parsed once. A webhook body as received may hold a NUL (\u0000), which PostgreSQL's JSON
-- parser refuses wherever it stands; it becomes a space (\u0020) for this read, which leaves the JSON valid
-- (also where the text is an escaped backslash before "u0000") and the fields read here as they were.
UPDATE executions e SET
    trigger_type = CASE
        WHEN COALESCE(jsonb_typeof(p.t -> 'replayOf'), 'null') <> 'null' THEN 'replay'
        WHEN jsonb_typeof(p.t -> 'type') = 'string' AND p.t ->> 'type' <> '' THEN p.t ->> 'type'
        WHEN e.parent_id IS NOT NULL THEN 'subflow'
        ELSE 'manual' END,
    trigger_key = COALESCE(
        NULLIF(p.t ->> 'replayOf', ''),
        NULLIF(p.t ->> 'deliveryId', ''),
        NULLIF(p.t ->> 'eventId', ''),
        NULLIF(p.t ->> 'executionId', ''),
        e.parent_id)
FROM (SELECT tenant_id, id, replace(trigger, '\u0000', '\u0020')::jsonb AS t
      FROM executions WHERE trigger IS NOT NULL) p
WHERE e.tenant_id = p.tenant_id AND e.id = p.id;
CREATE INDEX executions_by_trigger_created ON executions (tenant_id, trigger_type, created_at, id);
CREATE INDEX executions_by_id_binary ON executions (tenant_id, id COLLATE "C");
CREATE INDEX executions_by_trigger_key ON executions (tenant_id, trigger_key COLLATE "C");
