package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.engine.store.sync.SyncSide;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The change events of the {@link JdbcSyncStore}: keys of records a side said changed, each waiting once (its
 * generation raised when posted again) until a run has synced it at the generation it read. Every statement
 * names the whole primary key or its prefix, so it is the index used with or without statistics. Batched
 * statements, keys in sorted order (so that two writers lock rows in the same order). Thread-safe.
 */
final class SyncChangeRows {
    private static final String BUMP = "UPDATE sync_changes SET generation = generation + 1, received_at = ?"
            + " WHERE tenant_id = ? AND job_id = ? AND side = ? AND record_key = ?";
    private static final String ADD = "INSERT INTO sync_changes (tenant_id, job_id, side, record_key, generation,"
            + " received_at) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (tenant_id, job_id, side, record_key) DO NOTHING";
    private static final String REMOVE = "DELETE FROM sync_changes WHERE tenant_id = ? AND job_id = ? AND side = ?"
            + " AND record_key = ? AND generation = ?";

    private final Database db;

    SyncChangeRows(Database db) {
        this.db = db;
    }

    int add(String tenantId, String jobId, SyncSide side, Collection<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return 0;
        }
        TreeSet<String> sorted = new TreeSet<>(keys);
        return db.write(tenantId, statements -> {
            PreparedStatement bump = statements.prepare(BUMP);
            for (String key : sorted) {
                bind(bump, now.toEpochMilli(), tenantId, jobId, side.label(), key);
                bump.addBatch();
            }
            bump.executeBatch();
            PreparedStatement insert = statements.prepare(ADD);
            for (String key : sorted) {
                bind(insert, tenantId, jobId, side.label(), key, now.toEpochMilli());
                insert.addBatch();
            }
            return changed(insert.executeBatch());
        });
    }

    Map<String, Long> waiting(String tenantId, String jobId, SyncSide side, int limit) {
        JdbcSyncStore.checkLimit(limit);
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT record_key, generation FROM sync_changes"
                    + " WHERE tenant_id = ? AND job_id = ? AND side = ? ORDER BY record_key LIMIT ?");
            bind(select, tenantId, jobId, side.label(), limit);
            Map<String, Long> keys = new LinkedHashMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), rs.getLong(2));
                }
            }
            return keys;
        });
    }

    int remove(String tenantId, String jobId, SyncSide side, Map<String, Long> read) {
        if (read.isEmpty()) {
            return 0;
        }
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements.prepare(REMOVE);
            for (Map.Entry<String, Long> e : new TreeMap<>(read).entrySet()) {
                bind(delete, tenantId, jobId, side.label(), e.getKey(), e.getValue());
                delete.addBatch();
            }
            return changed(delete.executeBatch());
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
    private static int changed(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, c);
        }
        return n;
    }
}
