package dev.weft.store.jdbc;

import dev.weft.engine.store.sync.SyncLink;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link SyncLinks} on PostgreSQL: one statement per batch or lookup, on arrays of keys. A statement per key
 * (as on SQLite) is a round trip and a plan per key, as connections plan each statement afresh (see
 * {@link PostgresDatabase}).
 *
 * <p>The statements are shaped so that the planner takes the right index on a table without statistics,
 * as a first sync's is: it then rates {@code tenant_id = ? AND job_id = ?} as matching one row in 40,000,
 * so that scanning all of a job's links by a prefix of the other index looks as cheap as finding one, and
 * an {@code IN} list or {@code = ANY} of a thousand keys looks dearer still. So each key is looked up in a
 * {@code LATERAL} subquery with {@code LIMIT 1} (the keys are unique), which the planner does not merge
 * into a join; and the right key's index is in collation "C" (V33), named by the right key's conditions:
 * the left key's conditions can use the primary key only, the right key's that index only. Deletions
 * take the rows found so by their row ids. Stateless and thread-safe.
 */
final class PostgresSyncLinks implements SyncLinks {

    static final PostgresSyncLinks INSTANCE = new PostgresSyncLinks();

    /** A job's link of left key {@code k.key}; bound with the tenant and the job. */
    private static final String BY_LEFT = "FROM sync_links WHERE tenant_id = ? AND job_id = ?"
            + " AND left_key = k.key";
    /** A job's link of right key {@code k.key}, in the collation of sync_links_by_right (V33). */
    private static final String BY_RIGHT = "FROM sync_links WHERE tenant_id COLLATE \"C\" = ?"
            + " AND job_id COLLATE \"C\" = ? AND right_key COLLATE \"C\" = k.key";
    private static final String FIND = "SELECT l.* FROM unnest(?::text[]) AS k(key) CROSS JOIN LATERAL"
            + " (SELECT " + SyncRows.LINK_COLUMNS + " %s LIMIT 1) AS l";
    static final String FIND_BY_LEFT = String.format(FIND, BY_LEFT);
    static final String FIND_BY_RIGHT = String.format(FIND, BY_RIGHT);
    /** Deletes the rows whose ids the array subquery {@code %s} finds; the tenant and the job are bound in it. */
    private static final String DELETE_FOUND = "DELETE FROM sync_links WHERE ctid = ANY(ARRAY(%s))";
    static final String UNLINK = String.format(DELETE_FOUND,
            "SELECT l.ctid FROM unnest(?::text[]) AS k(key) CROSS JOIN LATERAL (SELECT ctid " + BY_LEFT
                    + " LIMIT 1) AS l");
    // A right record matched to another left record than before: its old link goes. The run's row, locked
    // first by the batch (SyncBatchRows), keeps other commits of the job from moving the rows found.
    static final String UNLINK_RIGHT = String.format(DELETE_FOUND,
            "SELECT l.ctid FROM unnest(?::text[], ?::text[]) AS k(key, left_key) CROSS JOIN LATERAL"
                    + " (SELECT ctid " + BY_RIGHT + " AND left_key <> k.left_key LIMIT 1) AS l");
    private static final String UPSERT = "INSERT INTO sync_links (tenant_id, job_id, " + SyncRows.LINK_COLUMNS
            + ") SELECT ?, ?, l.* FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::bigint[]) AS l(" + SyncRows.LINK_COLUMNS + ") ON CONFLICT (tenant_id, job_id, left_key)"
            + " DO UPDATE SET right_key = excluded.right_key, left_hash = excluded.left_hash,"
            + " right_hash = excluded.right_hash, base = excluded.base, synced_at = excluded.synced_at";

    private PostgresSyncLinks() {
    }

    @Override
    public void unlink(StatementCache statements, String tenantId, String jobId, List<String> leftKeys)
            throws SQLException {
        if (leftKeys.isEmpty()) {
            return;
        }
        PreparedStatement delete = statements.prepare(UNLINK);
        delete.setArray(1, texts(statements, leftKeys, Function.identity()));
        delete.setString(2, tenantId);
        delete.setString(3, jobId);
        delete.executeUpdate();
    }

    @Override
    public void link(StatementCache statements, String tenantId, String jobId, List<SyncLink> links)
            throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        PreparedStatement unlink = statements.prepare(UNLINK_RIGHT);
        unlink.setArray(1, texts(statements, links, SyncLink::rightKey));
        unlink.setArray(2, texts(statements, links, SyncLink::leftKey));
        unlink.setString(3, tenantId);
        unlink.setString(4, jobId);
        unlink.executeUpdate();

        PreparedStatement upsert = statements.prepare(UPSERT);
        upsert.setString(1, tenantId);
        upsert.setString(2, jobId);
        upsert.setArray(3, texts(statements, links, SyncLink::leftKey));
        upsert.setArray(4, texts(statements, links, SyncLink::rightKey));
        upsert.setArray(5, texts(statements, links, SyncLink::leftHash));
        upsert.setArray(6, texts(statements, links, SyncLink::rightHash));
        upsert.setArray(7, texts(statements, links, SyncLink::base));
        upsert.setArray(8, statements.connection().createArrayOf("bigint",
                links.stream().map(l -> l.syncedAt().toEpochMilli()).toArray(Long[]::new)));
        upsert.executeUpdate();
    }

    @Override
    public Map<String, SyncLink> find(StatementCache statements, String tenantId, String jobId,
            boolean byLeft,
            List<String> keys) throws SQLException {
        PreparedStatement select = statements.prepare(byLeft ? FIND_BY_LEFT : FIND_BY_RIGHT);
        select.setArray(1, texts(statements, keys, Function.identity()));
        select.setString(2, tenantId);
        select.setString(3, jobId);
        Map<String, SyncLink> found = new HashMap<>(keys.size() * 2);
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                SyncLink link = SyncRows.link(rs);
                found.put(byLeft ? link.leftKey() : link.rightKey(), link);
            }
        }
        return found;
    }

    private static <T> Array texts(StatementCache statements, List<T> rows, Function<T, String> column)
            throws SQLException {
        return statements.connection().createArrayOf("text",
                rows.stream().map(column).toArray(String[]::new));
    }
}
