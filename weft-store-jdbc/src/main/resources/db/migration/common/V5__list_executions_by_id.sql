-- Listing orders by (created_at, id), newest first, and a page resumes after the last row it listed
-- with (created_at, id) < (?, ?): the list indexes end with id, so that both databases read a page as
-- one backward index range from the cursor, without a sort. (They ended with the insertion order,
-- rowid, which a cursor could not name.) The same SQL on both databases.
DROP INDEX executions_by_created;
CREATE INDEX executions_by_created ON executions (tenant_id, created_at, id);
DROP INDEX executions_by_flow_created;
CREATE INDEX executions_by_flow_created ON executions (tenant_id, namespace, flow_id, created_at, id);
