-- Steps are written only by a transition whose execution row was inserted or updated in the same
-- transaction (TransitionWriter.writeRest), so the foreign key to executions never refused anything;
-- checking it locked the execution row once more for every step written (a KEY SHARE lock, a WAL
-- record, and a query planned per row under force_custom_plan): a third of PostgreSQL's time in the
-- webhook benchmark (docs/BENCHMARKS.md). Whatever deletes executions deletes their steps with them.
ALTER TABLE steps DROP CONSTRAINT IF EXISTS steps_tenant_id_execution_id_fkey;
