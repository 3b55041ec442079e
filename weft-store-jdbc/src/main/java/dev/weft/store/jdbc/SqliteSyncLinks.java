package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.bind;

import dev.weft.engine.store.sync.SyncLink;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SyncLinks} on SQLite: one statement per key, in JDBC batches, and lookups by IN lists. In-process,
 * a statement costs microseconds, and SQLite's planner takes the index whose columns the condition names
 * in full. Stateless and thread-safe.
 */
final class SqliteSyncLinks implements SyncLinks {

    static final SqliteSyncLinks INSTANCE = new SqliteSyncLinks();

    /**
     * Keys per lookup statement: IN lists are padded to a power of two up to this (by repeating a key), so
     * that the statements of any number of keys are a few SQL texts, prepared once.
     */
    static final int KEYS_PER_STATEMENT = 512;

    private static final String UNLINK = "DELETE FROM sync_links WHERE tenant_id = ? AND job_id = ? AND left_key = ?";
    // A right record matched to another left record than before: its old link goes.
    private static final String UNLINK_RIGHT = "DELETE FROM sync_links WHERE tenant_id = ? AND job_id = ?"
            + " AND right_key = ? AND left_key <> ?";
    private static final String UPSERT_LINK = "INSERT INTO sync_links (tenant_id, job_id, "
            + SyncRows.LINK_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, job_id, left_key)"
            + " DO UPDATE SET right_key = excluded.right_key, left_hash = excluded.left_hash,"
            + " right_hash = excluded.right_hash, base = excluded.base, synced_at = excluded.synced_at";

    private SqliteSyncLinks() {
    }

    @Override
    public void unlink(StatementCache statements, String tenantId, String jobId, List<String> leftKeys)
            throws SQLException {
        SyncBatchRows.each(statements, UNLINK, leftKeys, (s, key) -> bind(s, tenantId, jobId, key));
    }

    @Override
    public void link(StatementCache statements, String tenantId, String jobId, List<SyncLink> links)
            throws SQLException {
        SyncBatchRows.each(statements, UNLINK_RIGHT, links,
                (s, l) -> bind(s, tenantId, jobId, l.rightKey(), l.leftKey()));
        SyncBatchRows.each(statements, UPSERT_LINK, links, (s, l) -> {
            bind(s, tenantId, jobId);
            SyncRows.bindLink(s, 3, l);
        });
    }

    @Override
    public Map<String, SyncLink> find(StatementCache statements, String tenantId, String jobId,
            boolean byLeft,
            List<String> keys) throws SQLException {
        String column = byLeft ? "left_key" : "right_key";
        Map<String, SyncLink> found = new HashMap<>(keys.size() * 2);
        for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
            List<String> chunk = keys.subList(from, Math.min(from + KEYS_PER_STATEMENT, keys.size()));
            int width = Integer.highestOneBit(chunk.size());
            width = width == chunk.size() ? width : width * 2;
            PreparedStatement select = statements.prepare("SELECT " + SyncRows.LINK_COLUMNS
                    + " FROM sync_links WHERE tenant_id = ? AND job_id = ? AND " + column + " IN ("
                    + "?, ".repeat(width - 1) + "?)");
            bind(select, tenantId, jobId);
            for (int i = 0; i < width; i++) {
                select.setString(3 + i, chunk.get(Math.min(i, chunk.size() - 1)));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    SyncLink link = SyncRows.link(rs);
                    found.put(byLeft ? link.leftKey() : link.rightKey(), link);
                }
            }
        }
        return found;
    }
}
