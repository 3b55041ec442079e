package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.bindFrom;
import static dev.weft.store.jdbc.Rows.setInstant;

import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncLink;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writes of the {@link JdbcSyncStore} that change a job's state: a run's batch, fenced by the run's lease
 * version, and the deletion of a job with everything it holds. Links are written as the database's
 * {@link SyncLinks} do, the other rows in JDBC batches, one per statement, each in the order of its keys. Both begin with the run rows, so that on PostgreSQL a batch's
 * commit and a job's deletion lock in the same order and one waits for the other. Thread-safe.
 */
final class SyncBatchRows {

    // Fenced: only the run's current lease commits, and only while the run is running.
    private static final String ADVANCE_RUN = "UPDATE sync_runs SET read_count = read_count + ?,"
            + " created_count = created_count + ?, updated_count = updated_count + ?,"
            + " deleted_count = deleted_count + ?, unchanged_count = unchanged_count + ?,"
            + " conflict_count = conflict_count + ?, failed_count = failed_count + ?,"
            + " progress = COALESCE(?, progress)"
            + " WHERE tenant_id = ? AND job_id = ? AND id = ? AND lease_version = ? AND status = 'running'";
    private static final String UPSERT_CURSOR = "INSERT INTO sync_cursors (tenant_id, job_id, side, cursor_value,"
            + " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, job_id, side)"
            + " DO UPDATE SET cursor_value = excluded.cursor_value, updated_at = excluded.updated_at";
    private static final String RECOVER = "DELETE FROM sync_failures WHERE tenant_id = ? AND job_id = ?"
            + " AND side = ? AND record_key = ?";
    private static final String UPSERT_FAILURE = "INSERT INTO sync_failures (tenant_id, job_id, "
            + SyncRows.FAILURE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, job_id, side, record_key) DO UPDATE SET code = excluded.code,"
            + " message = excluded.message, attempts = sync_failures.attempts + 1, run_id = excluded.run_id,"
            + " last_failed_at = excluded.last_failed_at";
    private static final String APPLY = "UPDATE sync_conflicts SET status = 'applied'"
            + " WHERE tenant_id = ? AND job_id = ? AND id = ? AND status = 'resolved'";
    // Repeats the condition of the partial index sync_conflicts_pending word for word.
    // An open conflict of the record with other versions is replaced; one with the same versions is kept (its id
    // stays what people see), and a resolved one is kept for the next run to write (the new one is not held).
    private static final String REPLACE_CONFLICT = "DELETE FROM sync_conflicts WHERE tenant_id = ? AND job_id = ?"
            + " AND left_key = ? AND status = 'open' AND (left_record <> ? OR right_record <> ?)";
    private static final String INSERT_CONFLICT = "INSERT INTO sync_conflicts (" + SyncRows.CONFLICT_COLUMNS
            + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM sync_conflicts"
            + " WHERE tenant_id = ? AND job_id = ? AND left_key = ? AND status IN ('open', 'resolved'))";
    /** A job's tables, runs first (see the class comment), the job's own row last. */
    private static final List<String> JOB_TABLES = List.of("sync_runs", "sync_links", "sync_cursors",
            "sync_failures", "sync_conflicts", "sync_changes");

    private final Database db;

    SyncBatchRows(Database db) {
        this.db = db;
    }

    boolean commit(SyncBatch batch, Instant now) {
        String tenantId = batch.tenantId();
        String jobId = batch.jobId();
        for (SyncConflict c : batch.conflicts()) {
            if (!c.tenantId().equals(tenantId) || !c.jobId().equals(jobId)) {
                throw new IllegalArgumentException("conflict " + c.id() + " names job " + c.jobId()
                        + " of tenant " + c.tenantId() + ", but the batch is job " + jobId + "'s of tenant "
                        + tenantId + "; hold a conflict in its own job's batch");
            }
        }
        // The last word on a key wins, within the batch as it does across batches: as if the links were
        // written one after the other, each taking its right key from the links written before it.
        Map<String, SyncLink> byLeft = new LinkedHashMap<>();
        for (SyncLink l : batch.links()) {
            byLeft.remove(l.leftKey());
            byLeft.put(l.leftKey(), l);
        }
        Map<String, SyncLink> byRight = new LinkedHashMap<>();
        for (SyncLink l : byLeft.values()) {
            byRight.remove(l.rightKey());
            byRight.put(l.rightKey(), l);
        }
        List<SyncLink> links = byRight.values().stream().sorted(Comparator.comparing(SyncLink::leftKey))
                .toList();
        Map<String, SyncConflict> conflicts = new TreeMap<>();
        batch.conflicts().forEach(c -> conflicts.put(c.leftKey(), c));

        return db.write(tenantId, statements -> {
            if (!advanceRun(statements, batch)) {
                return false;
            }
            SyncLinks rows = db.dialect().syncLinks();
            rows.unlink(statements, tenantId, jobId, batch.unlinked().stream().sorted().distinct().toList());
            rows.link(statements, tenantId, jobId, links);
            each(statements, UPSERT_CURSOR, new ArrayList<>(new TreeMap<>(batch.cursors()).entrySet()),
                    (s, e) -> {
                        bind(s, tenantId, jobId, e.getKey().label(), e.getValue());
                        setInstant(s, 5, now);
                    });
            each(statements, RECOVER, batch.recovered().stream().sorted(Comparator
                    .comparing(SyncBatch.FailureKey::side).thenComparing(SyncBatch.FailureKey::key)).toList(),
                    (s, k) -> bind(s, tenantId, jobId, k.side().label(), k.key()));
            each(statements, UPSERT_FAILURE, batch.failed().stream().sorted(Comparator
                    .comparing(SyncFailure::side).thenComparing(SyncFailure::key)).toList(), (s, f) -> {
                        bind(s, tenantId, jobId, f.side().label(), f.key(), f.code(),
                                WebhookRows.text(f.message()), batch.runId());
                        setInstant(s, 8, f.firstFailedAt());
                        setInstant(s, 9, f.lastFailedAt());
                    });
            each(statements, APPLY, batch.applied().stream().sorted().distinct().toList(),
                    (s, id) -> bind(s, tenantId, jobId, id));
            each(statements, REPLACE_CONFLICT, List.copyOf(conflicts.values()),
                    (s, c) -> bind(s, tenantId, jobId, c.leftKey(), c.left(), c.right()));
            each(statements, INSERT_CONFLICT, List.copyOf(conflicts.values()), (s, c) -> {
                SyncRows.bindConflict(s, c);
                bindFrom(s, 15, tenantId, jobId, c.leftKey());
            });
            return true;
        });
    }

    private static boolean advanceRun(StatementCache statements, SyncBatch batch) throws SQLException {
        SyncCounts c = batch.counts();
        PreparedStatement update = statements.prepare(ADVANCE_RUN);
        bind(update, c.read(), c.created(), c.updated(), c.deleted(), c.unchanged(), c.conflicts(),
                c.failed());
        if (batch.progress() == null) {
            update.setNull(8, Types.VARCHAR);
        } else {
            update.setString(8, batch.progress());
        }
        Queries.bindFrom(update, 9, batch.tenantId(), batch.jobId(), batch.runId(), batch.leaseVersion());
        return update.executeUpdate() == 1;
    }

    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** Runs {@code sql} once for each row, in one JDBC batch; nothing for no rows. */
    static <T> void each(StatementCache statements, String sql, List<T> rows, Binder<T> binder)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        PreparedStatement statement = statements.prepare(sql);
        for (T row : rows) {
            binder.bind(statement, row);
            statement.addBatch();
        }
        statement.executeBatch();
    }

    boolean deleteJob(String tenantId, String jobId) {
        return db.write(tenantId, statements -> {
            for (String table : JOB_TABLES) {
                PreparedStatement delete = statements
                        .prepare("DELETE FROM " + table + " WHERE tenant_id = ? AND job_id = ?");
                bind(delete, tenantId, jobId);
                delete.executeUpdate();
            }
            PreparedStatement job = statements
                    .prepare("DELETE FROM sync_jobs WHERE tenant_id = ? AND id = ?");
            bind(job, tenantId, jobId);
            return job.executeUpdate() == 1;
        });
    }
}
