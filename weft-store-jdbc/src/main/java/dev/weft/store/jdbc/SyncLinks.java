package dev.weft.store.jdbc;

import dev.weft.engine.store.sync.SyncLink;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The statements on a job's links that differ between the databases: a batch's links written, left keys
 * unlinked, links found by either side's keys. SQLite runs one statement per key in JDBC batches, cheap
 * in-process; PostgreSQL runs one statement per batch on arrays of keys ({@link PostgresSyncLinks}).
 * Implementations are stateless and thread-safe.
 */
interface SyncLinks {

    /** Deletes the links of these left keys (distinct, sorted). */
    void unlink(StatementCache statements, String tenantId, String jobId, List<String> leftKeys)
            throws SQLException;

    /**
     * Writes these links (distinct left keys and distinct right keys, sorted by left key): first deletes the
     * links that hold one of their right keys under another left key, then inserts each or replaces the link
     * of its left key.
     */
    void link(StatementCache statements, String tenantId, String jobId, List<SyncLink> links)
            throws SQLException;

    /**
     * The links of these keys (distinct, not empty) of the left side or the right, by that side's key; keys
     * without a link are absent.
     */
    Map<String, SyncLink> find(StatementCache statements, String tenantId, String jobId, boolean byLeft,
            List<String> keys) throws SQLException;
}
