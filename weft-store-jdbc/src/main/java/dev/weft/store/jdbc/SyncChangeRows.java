package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.engine.store.sync.SyncSide;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The change events of the {@link JdbcSyncStore}: keys of records a side said changed, each waiting once until
 * a run has synced it. Batched statements, keys in sorted order (so that two writers lock rows in the same
 * order). Thread-safe.
 */
final class SyncChangeRows {
    private static final String ADD = "INSERT INTO sync_changes (tenant_id, job_id, side, record_key, received_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, job_id, side, record_key) DO NOTHING";
    private static final String REMOVE = "DELETE FROM sync_changes WHERE tenant_id = ? AND job_id = ? AND side = ?"
            + " AND record_key = ?";

    private final Database db;

    SyncChangeRows(Database db) {
        this.db = db;
    }

    int add(String tenantId, String jobId, SyncSide side, Collection<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return 0;
        }
        return db.write(tenantId, statements -> {
            PreparedStatement insert = statements.prepare(ADD);
            for (String key : new TreeSet<>(keys)) {
                bind(insert, tenantId, jobId, side.label(), key, now.toEpochMilli());
                insert.addBatch();
            }
            return added(insert.executeBatch());
        });
    }

    List<String> waiting(String tenantId, String jobId, SyncSide side, int limit) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT record_key FROM sync_changes"
                    + " WHERE tenant_id = ? AND job_id = ? AND side = ? ORDER BY received_at, record_key LIMIT ?");
            bind(select, tenantId, jobId, side.label(), limit);
            return all(select, rs -> rs.getString(1));
        });
    }

    int remove(String tenantId, String jobId, SyncSide side, Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements.prepare(REMOVE);
            for (String key : new TreeSet<>(keys)) {
                bind(delete, tenantId, jobId, side.label(), key);
                delete.addBatch();
            }
            return added(delete.executeBatch());
        });
    }

    long count(String tenantId, String jobId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT count(*) FROM sync_changes WHERE tenant_id = ? AND job_id = ?");
            bind(select, tenantId, jobId);
            return first(select, rs -> rs.getLong(1)).orElse(0L);
        });
    }

    /** Rows a batch changed; a driver that cannot tell ({@code SUCCESS_NO_INFO}) counts as one. */
    private static int added(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, c);
        }
        return n;
    }
}
