-- Claims that do not look for lost work (most of them: see ClaimRequest.lostWork) take only rows that
-- nobody holds. This index holds just those, so such a claim reads no row that a live worker drives,
-- nor the entries that each execution's earlier row versions leave in executions_active_by_rowid until
-- a vacuum (thousands under load, each a heap visit).
CREATE INDEX executions_unowned ON executions (status, rowid)
    WHERE status IN ('queued', 'running') AND lease_owner IS NULL;
-- Only held rows are looked up by owner (lease renewal, taking a dead owner's work): an execution that
-- ends clears its owner and leaves this index, instead of adding an entry for NULL.
DROP INDEX executions_by_lease_owner;
CREATE INDEX executions_by_lease_owner ON executions (lease_owner, id) WHERE lease_owner IS NOT NULL;
