package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;
import static dev.weft.store.jdbc.Rows.setInstant;

import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SyncStore} on a JDBC {@link Database}: jobs and the reads of a job's state here, runs in
 * {@link SyncRunRows}, a batch's commit and a job's deletion in {@link SyncBatchRows}. Every method that
 * names a tenant works in that tenant's scope. Thread-safe.
 */
final class JdbcSyncStore implements SyncStore {

    private static final String SELECT_JOB = "SELECT " + SyncRows.JOB_COLUMNS
            + " FROM sync_jobs WHERE tenant_id = ? AND id = ?";
    private static final String SELECT_CONFLICT = "SELECT " + SyncRows.CONFLICT_COLUMNS
            + " FROM sync_conflicts WHERE tenant_id = ? AND job_id = ? AND id = ?";
    private final Database db;
    private final SyncRunRows runs;
    private final SyncChangeRows changes;
    private final SyncBatchRows batches;

    JdbcSyncStore(Database db) {
        this.db = db;
        this.runs = new SyncRunRows(db);
        this.changes = new SyncChangeRows(db);
        this.batches = new SyncBatchRows(db);
    }

    static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, but was " + limit);
        }
    }

    // ---- jobs

    @Override
    public SyncJobRecord deployJob(String tenantId, String id, String source, String sha256, Instant now) {
        return db.write(tenantId, statements -> {
            PreparedStatement insert = statements
                    .prepare("INSERT INTO sync_jobs (tenant_id, id, version, source,"
                            + " sha256, enabled, last_run_id, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, 0, ?, ?)"
                            + " ON CONFLICT (tenant_id, id) DO NOTHING");
            bind(insert, tenantId, id, source, sha256, true);
            setInstant(insert, 6, now);
            setInstant(insert, 7, now);
            if (insert.executeUpdate() == 0) {
                // The same text again changes nothing; a changed one is the next version.
                PreparedStatement update = statements.prepare("UPDATE sync_jobs SET version = version + 1,"
                        + " source = ?, sha256 = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND sha256 <> ?");
                bind(update, source, sha256, now.toEpochMilli(), tenantId, id, sha256);
                update.executeUpdate();
            }
            return job(statements, tenantId, id).orElseThrow();
        });
    }

    @Override
    public Optional<SyncJobRecord> job(String tenantId, String id) {
        return db.read(tenantId, statements -> job(statements, tenantId, id));
    }

    private static Optional<SyncJobRecord> job(StatementCache statements, String tenantId, String id)
            throws SQLException {
        PreparedStatement select = statements.prepare(SELECT_JOB);
        bind(select, tenantId, id);
        return first(select, SyncRows::job);
    }

    @Override
    public List<SyncJobRecord> jobs(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + SyncRows.JOB_COLUMNS
                    + " FROM sync_jobs WHERE tenant_id = ? ORDER BY id");
            bind(select, tenantId);
            return all(select, SyncRows::job);
        });
    }

    @Override
    public List<SyncJobRecord> enabledJobs() {
        // "WHERE enabled" as the partial index sync_jobs_enabled says it.
        return db.read(statements -> all(statements.prepare("SELECT " + SyncRows.JOB_COLUMNS
                + " FROM sync_jobs WHERE enabled ORDER BY tenant_id, id"), SyncRows::job));
    }

    @Override
    public boolean setEnabled(String tenantId, String id, boolean enabled, Instant now) {
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE sync_jobs SET enabled = ?, updated_at = ?"
                    + " WHERE tenant_id = ? AND id = ?");
            bind(update, enabled, now.toEpochMilli(), tenantId, id);
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public boolean deleteJob(String tenantId, String id) {
        return batches.deleteJob(tenantId, id);
    }

    // ---- state

    @Override
    public Map<String, SyncLink> linksByLeft(String tenantId, String jobId, Collection<String> leftKeys) {
        return links(tenantId, jobId, leftKeys, true);
    }

    @Override
    public Map<String, SyncLink> linksByRight(String tenantId, String jobId, Collection<String> rightKeys) {
        return links(tenantId, jobId, rightKeys, false);
    }

    private Map<String, SyncLink> links(String tenantId, String jobId, Collection<String> keys,
            boolean byLeft) {
        List<String> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Map.of();
        }
        return db.read(tenantId,
                statements -> db.dialect().syncLinks().find(statements, tenantId, jobId, byLeft, distinct));
    }

    @Override
    public List<SyncLink> links(String tenantId, String jobId, String afterLeftKey, int limit) {
        checkLimit(limit);
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + SyncRows.LINK_COLUMNS
                    + " FROM sync_links"
                    + " WHERE tenant_id = ? AND job_id = ? AND left_key > ? ORDER BY left_key LIMIT ?");
            // Every key is a JSON array, "[...]": the empty string sorts before all of them.
            bind(select, tenantId, jobId, afterLeftKey == null ? "" : afterLeftKey, limit);
            return all(select, SyncRows::link);
        });
    }

    @Override
    public long linkCount(String tenantId, String jobId) {
        return count(tenantId, "SELECT count(*) FROM sync_links WHERE tenant_id = ? AND job_id = ?", jobId);
    }

    @Override
    public Optional<String> cursor(String tenantId, String jobId, SyncSide side) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT cursor_value FROM sync_cursors"
                    + " WHERE tenant_id = ? AND job_id = ? AND side = ?");
            bind(select, tenantId, jobId, side.label());
            return first(select, rs -> rs.getString(1));
        });
    }

    @Override
    public void resetCursors(String tenantId, String jobId) {
        db.write(tenantId, statements -> {
            PreparedStatement delete = statements
                    .prepare("DELETE FROM sync_cursors WHERE tenant_id = ? AND job_id = ?");
            bind(delete, tenantId, jobId);
            return delete.executeUpdate();
        });
    }

    // ---- runs

    @Override
    public SyncRun enqueueRun(String tenantId, String jobId, int jobVersion, String reason, boolean full,
            Instant now) {
        return runs.enqueue(tenantId, jobId, jobVersion, reason, full, now);
    }

    @Override
    public Optional<SyncRun> claimRun(String owner, Instant now, Instant leaseUntil) {
        return runs.claim(owner, now, leaseUntil);
    }

    @Override
    public int addChanges(String tenantId, String jobId, SyncSide side, java.util.Collection<String> keys,
            Instant now) {
        return changes.add(tenantId, jobId, side, keys, now);
    }

    @Override
    public Map<String, Long> changes(String tenantId, String jobId, SyncSide side, int limit) {
        return changes.waiting(tenantId, jobId, side, limit);
    }

    @Override
    public int removeChanges(String tenantId, String jobId, SyncSide side, Map<String, Long> read) {
        return changes.remove(tenantId, jobId, side, read);
    }

    @Override
    public long changeCount(String tenantId, String jobId) {
        return changes.count(tenantId, jobId);
    }

    @Override
    public List<SyncRun> runningRuns(int limit) {
        return runs.running(limit);
    }

    @Override
    public boolean expireLease(String tenantId, String jobId, long runId, long leaseVersion, Instant now) {
        return runs.expire(tenantId, jobId, runId, leaseVersion, now);
    }

    @Override
    public boolean renewRun(String tenantId, String jobId, long runId, long leaseVersion,
            Instant leaseUntil) {
        return runs.renew(tenantId, jobId, runId, leaseVersion, leaseUntil);
    }

    @Override
    public boolean commitBatch(SyncBatch batch, Instant now) {
        return batches.commit(batch, now);
    }

    @Override
    public boolean finishRun(String tenantId, String jobId, long runId, long leaseVersion,
            SyncRunStatus status,
            String error, Instant now) {
        return runs.finish(tenantId, jobId, runId, leaseVersion, status, error, now);
    }

    @Override
    public Optional<SyncRun> run(String tenantId, String jobId, long runId) {
        return runs.run(tenantId, jobId, runId);
    }

    @Override
    public List<SyncRun> runs(String tenantId, String jobId, Long beforeId, int limit) {
        return runs.runs(tenantId, jobId, beforeId, limit);
    }

    @Override
    public Optional<SyncRun> lastSucceededRun(String tenantId, String jobId) {
        return runs.lastSucceeded(tenantId, jobId);
    }

    @Override
    public int deleteRuns(Instant before, int limit) {
        return runs.deleteEnded(before, limit);
    }

    // ---- failures

    @Override
    public List<SyncFailure> failures(String tenantId, String jobId, SyncSide afterSide, String afterKey,
            int limit) {
        checkLimit(limit);
        if ((afterSide == null) != (afterKey == null)) {
            throw new IllegalArgumentException("a position among failures is a side and a key, or neither"
                    + " (from the first), but afterSide was " + afterSide + " and afterKey " + afterKey);
        }
        StringBuilder sql = new StringBuilder("SELECT " + SyncRows.FAILURE_COLUMNS
                + " FROM sync_failures WHERE tenant_id = ? AND job_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId, jobId));
        if (afterSide != null) {
            // 'left' sorts before 'right', as the sides do.
            sql.append(" AND (side, record_key) > (?, ?)");
            args.add(afterSide.label());
            args.add(afterKey);
        }
        sql.append(" ORDER BY side, record_key LIMIT ?");
        args.add(limit);
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(sql.toString());
            bind(select, args.toArray());
            return all(select, SyncRows::failure);
        });
    }

    @Override
    public long failureCount(String tenantId, String jobId) {
        return count(tenantId, "SELECT count(*) FROM sync_failures WHERE tenant_id = ? AND job_id = ?",
                jobId);
    }

    // ---- conflicts

    @Override
    public List<SyncConflict> conflicts(String tenantId, String jobId, ConflictStatus status, String afterId,
            int limit) {
        checkLimit(limit);
        StringBuilder sql = new StringBuilder("SELECT " + SyncRows.CONFLICT_COLUMNS
                + " FROM sync_conflicts WHERE tenant_id = ? AND job_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId, jobId));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.label());
        }
        if (afterId != null) {
            sql.append(" AND id > ?");
            args.add(afterId);
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(sql.toString());
            bind(select, args.toArray());
            return all(select, SyncRows::conflict);
        });
    }

    @Override
    public Optional<SyncConflict> conflict(String tenantId, String jobId, String id) {
        return db.read(tenantId, statements -> conflict(statements, tenantId, jobId, id));
    }

    private static Optional<SyncConflict> conflict(StatementCache statements, String tenantId, String jobId,
            String id) throws SQLException {
        PreparedStatement select = statements.prepare(SELECT_CONFLICT);
        bind(select, tenantId, jobId, id);
        return first(select, SyncRows::conflict);
    }

    @Override
    public Optional<SyncConflict> resolveConflict(String tenantId, String jobId, String id, String resolution,
            String resolvedBy, Instant now) {
        if (resolution == null || resolution.isBlank()) {
            throw new IllegalArgumentException("a conflict's resolution is required ({\"take\":\"left\"},"
                    + " {\"take\":\"right\"} or {\"record\":{...}}), but was "
                    + (resolution == null ? "null" : "blank"));
        }
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE sync_conflicts SET status = 'resolved',"
                    + " resolution = ?, resolved_by = ?, resolved_at = ?"
                    + " WHERE tenant_id = ? AND job_id = ? AND id = ? AND status = 'open'");
            update.setString(1, resolution);
            update.setString(2, resolvedBy);
            Queries.bindFrom(update, 3, now.toEpochMilli(), tenantId, jobId, id);
            if (update.executeUpdate() != 1) {
                return Optional.<SyncConflict>empty();
            }
            return conflict(statements, tenantId, jobId, id);
        });
    }

    @Override
    public long openConflictCount(String tenantId, String jobId) {
        return count(tenantId, "SELECT count(*) FROM sync_conflicts WHERE tenant_id = ? AND job_id = ?"
                + " AND status = 'open'", jobId);
    }

    private long count(String tenantId, String sql, String jobId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(sql);
            bind(select, tenantId, jobId);
            return first(select, rs -> rs.getLong(1)).orElse(0L);
        });
    }
}
