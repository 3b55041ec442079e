-- The right key's index in collation "C", named by the right key's conditions (PostgresSyncLinks): then the
-- left key's conditions (the database's collation) can use the primary key only and the right key's this
-- index only. Without statistics, as a first sync's table has none, the planner otherwise rates a scan of
-- all of a job's links by the other index's (tenant_id, job_id) prefix as cheap as finding one link by its
-- key, and takes either. Equality is the same in both collations (the database's is deterministic), so the
-- index keeps one link per right key as before.
DROP INDEX sync_links_by_right;
CREATE UNIQUE INDEX sync_links_by_right ON sync_links (tenant_id COLLATE "C", job_id COLLATE "C",
    right_key COLLATE "C");
