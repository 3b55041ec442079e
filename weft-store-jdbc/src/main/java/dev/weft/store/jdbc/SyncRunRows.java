package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.bindFrom;
import static dev.weft.store.jdbc.Queries.first;
import static dev.weft.store.jdbc.Rows.setInstant;

import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The runs of the {@link JdbcSyncStore}: queueing (one queued run per job), claiming with a lease and a
 * fencing version, renewing, ending, reading and retention. Thread-safe.
 */
final class SyncRunRows {

    private static final String SELECT_RUN = "SELECT " + SyncRows.RUN_COLUMNS
            + " FROM sync_runs WHERE tenant_id = ? AND job_id = ? AND id = ?";
    private static final String INSERT_RUN = "INSERT INTO sync_runs (" + SyncRows.RUN_COLUMNS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, 'queued', 0, 0, 0, 0, 0, 0, 0, NULL, NULL, ?, NULL, NULL, NULL, NULL, 0)";
    /** A claim's candidate: its key, its lease version (the compare-and-set) and its age (the order). */
    private static final String CANDIDATE = "SELECT tenant_id, job_id, id, lease_version, created_at"
            + " FROM sync_runs r WHERE ";
    // A running run whose lease has ended: its node is gone, another goes on from its last committed batch.
    private static final String EXPIRED = CANDIDATE + "status = 'running' AND lease_until <= ?"
            + " ORDER BY created_at, tenant_id, job_id, id LIMIT 1";
    // A queued run waits while its job has a running run, live or not: one whose lease ended is taken over
    // first, so that a job never has two runs moving its cursors at once.
    private static final String QUEUED = CANDIDATE
            + "status = 'queued' AND NOT EXISTS (SELECT 1 FROM sync_runs o"
            + " WHERE o.tenant_id = r.tenant_id AND o.job_id = r.job_id AND o.status = 'running')"
            + " ORDER BY created_at, tenant_id, job_id, id LIMIT 1";
    private static final String TAKE = "UPDATE sync_runs SET status = 'running', lease_owner = ?, lease_until = ?,"
            + " lease_version = CASE WHEN lease_version + 1 > ? THEN lease_version + 1 ELSE ? END,"
            + " started_at = COALESCE(started_at, ?)"
            + " WHERE tenant_id = ? AND job_id = ? AND id = ? AND lease_version = ? RETURNING "
            + SyncRows.RUN_COLUMNS;

    private record Candidate(String tenantId, String jobId, long id, long leaseVersion, long createdAt) {
    }

    private final Database db;

    SyncRunRows(Database db) {
        this.db = db;
    }

    SyncRun enqueue(String tenantId, String jobId, int jobVersion, String reason, boolean full, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a run's reason is required (schedule, manual, resync or"
                    + " resolution), but was " + (reason == null ? "null" : "blank"));
        }
        return db.write(tenantId, statements -> {
            // The job's row, locked: enqueues of one job take turns, and the run id comes from it.
            PreparedStatement job = statements.prepare("SELECT last_run_id FROM sync_jobs"
                    + " WHERE tenant_id = ? AND id = ?" + db.dialect().forUpdate());
            bind(job, tenantId, jobId);
            long lastRunId = first(job, rs -> rs.getLong(1)).orElseThrow(() -> new IllegalArgumentException(
                    "there is no sync job " + jobId + " in tenant " + tenantId
                            + "; deploy it before running it"));
            // Locked too: a claim taking it meanwhile (on PostgreSQL) is waited for, and then it is not queued.
            PreparedStatement queued = statements.prepare("SELECT " + SyncRows.RUN_COLUMNS + " FROM sync_runs"
                    + " WHERE tenant_id = ? AND job_id = ? AND status = 'queued'" + db.dialect().forUpdate());
            bind(queued, tenantId, jobId);
            Optional<SyncRun> waiting = first(queued, SyncRows::run);
            if (waiting.isPresent()) {
                SyncRun run = waiting.get();
                if (!full || run.full()) {
                    return run;
                }
                PreparedStatement makeFull = statements.prepare("UPDATE sync_runs SET full_scan = ?"
                        + " WHERE tenant_id = ? AND job_id = ? AND id = ?");
                bind(makeFull, true, tenantId, jobId, run.id());
                makeFull.executeUpdate();
                return run(statements, tenantId, jobId, run.id()).orElseThrow();
            }
            long id = lastRunId + 1;
            PreparedStatement next = statements
                    .prepare("UPDATE sync_jobs SET last_run_id = ? WHERE tenant_id = ? AND id = ?");
            bind(next, id, tenantId, jobId);
            next.executeUpdate();
            PreparedStatement insert = statements.prepare(INSERT_RUN);
            bind(insert, tenantId, jobId, id, jobVersion, reason, full);
            setInstant(insert, 7, now);
            insert.executeUpdate();
            return run(statements, tenantId, jobId, id).orElseThrow();
        });
    }

    /**
     * Reads the oldest run whose lease ended and the oldest claimable queued run, and takes the older of the
     * two. On PostgreSQL both are locked as read and rows other claimers hold are passed over; on SQLite the
     * write transaction is the only one, so nothing changes between the reads and the update.
     */
    Optional<SyncRun> claim(String owner, Instant now, Instant leaseUntil) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a claim's owner is required (the node's id), but was "
                    + (owner == null ? "null" : "blank"));
        }
        if (!leaseUntil.isAfter(now)) {
            throw new IllegalArgumentException("leaseUntil must be after now (" + now + "), but was "
                    + leaseUntil);
        }
        return db.write(statements -> {
            PreparedStatement expired = statements.prepare(EXPIRED + db.dialect().forUpdateSkipLocked());
            bind(expired, now.toEpochMilli());
            Optional<Candidate> lost = first(expired, SyncRunRows::candidate);
            Optional<Candidate> waiting = first(
                    statements.prepare(QUEUED + db.dialect().forUpdateSkipLocked()), SyncRunRows::candidate);
            Optional<Candidate> chosen = lost.isEmpty()
                    ? waiting
                    : waiting.isEmpty() || lost.get().createdAt() <= waiting.get().createdAt()
                            ? lost
                            : waiting;
            if (chosen.isEmpty()) {
                return Optional.empty();
            }
            Candidate c = chosen.get();
            PreparedStatement take = statements.prepare(TAKE);
            // The claim's time in milliseconds at least: a job deleted and deployed again numbers its runs from 1
            // again, and its run 1 must not take the lease version a runner of the deleted one's run 1 still holds.
            bind(take, owner, leaseUntil.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli(),
                    now.toEpochMilli(),
                    c.tenantId(), c.jobId(), c.id(), c.leaseVersion());
            // Always a row: the candidate is locked (PostgreSQL) or the write lock is held (SQLite).
            return first(take, SyncRows::run);
        });
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        return new Candidate(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }

    List<SyncRun> running(int limit) {
        return db.read(statements -> {
            PreparedStatement select = statements.prepare("SELECT " + SyncRows.RUN_COLUMNS
                    + " FROM sync_runs WHERE status = 'running' ORDER BY lease_until LIMIT ?");
            bind(select, limit);
            return Queries.all(select, SyncRows::run);
        });
    }

    boolean expire(String tenantId, String jobId, long runId, long leaseVersion, Instant now) {
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE sync_runs SET lease_until = ?"
                    + " WHERE tenant_id = ? AND job_id = ? AND id = ? AND lease_version = ? AND status = 'running'");
            bind(update, now.toEpochMilli(), tenantId, jobId, runId, leaseVersion);
            return update.executeUpdate() == 1;
        });
    }

    boolean renew(String tenantId, String jobId, long runId, long leaseVersion, Instant leaseUntil) {
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE sync_runs SET lease_until = ?"
                    + " WHERE tenant_id = ? AND job_id = ? AND id = ? AND lease_version = ? AND status = 'running'");
            bind(update, leaseUntil.toEpochMilli(), tenantId, jobId, runId, leaseVersion);
            return update.executeUpdate() == 1;
        });
    }

    /** Ends a running run, or a queued one (never claimed: lease version 0) that is cancelled. */
    boolean finish(String tenantId, String jobId, long runId, long leaseVersion, SyncRunStatus status,
            String error, Instant now) {
        if (!status.ended()) {
            throw new IllegalArgumentException("a run ends as succeeded, failed or cancelled, but the status"
                    + " given was " + status.label());
        }
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE sync_runs SET status = ?, error = ?,"
                    + " finished_at = ?, lease_until = NULL WHERE tenant_id = ? AND job_id = ? AND id = ?"
                    + " AND lease_version = ? AND status IN ('queued', 'running')");
            update.setString(1, status.label());
            update.setString(2, WebhookRows.text(error));
            setInstant(update, 3, now);
            bindFrom(update, 4, tenantId, jobId, runId, leaseVersion);
            return update.executeUpdate() == 1;
        });
    }

    Optional<SyncRun> run(String tenantId, String jobId, long runId) {
        return db.read(tenantId, statements -> run(statements, tenantId, jobId, runId));
    }

    private static Optional<SyncRun> run(StatementCache statements, String tenantId, String jobId, long runId)
            throws SQLException {
        PreparedStatement select = statements.prepare(SELECT_RUN);
        bind(select, tenantId, jobId, runId);
        return first(select, SyncRows::run);
    }

    List<SyncRun> runs(String tenantId, String jobId, Long beforeId, int limit) {
        JdbcSyncStore.checkLimit(limit);
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + SyncRows.RUN_COLUMNS + " FROM sync_runs"
                    + " WHERE tenant_id = ? AND job_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
            bind(select, tenantId, jobId, beforeId == null ? Long.MAX_VALUE : beforeId, limit);
            return all(select, SyncRows::run);
        });
    }

    // By the primary key (tenant_id, job_id, id) from the newest: the runs after the last success are few.
    Optional<SyncRun> lastSucceeded(String tenantId, String jobId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + SyncRows.RUN_COLUMNS + " FROM sync_runs"
                    + " WHERE tenant_id = ? AND job_id = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1");
            bind(select, tenantId, jobId);
            return first(select, SyncRows::run);
        });
    }

    int deleteEnded(Instant before, int limit) {
        if (limit <= 0) {
            return 0;
        }
        return db.write(statements -> {
            // Ended runs never change again, so the rows chosen are the rows deleted.
            PreparedStatement delete = statements
                    .prepare("DELETE FROM sync_runs WHERE (tenant_id, job_id, id)"
                            + " IN (SELECT tenant_id, job_id, id FROM sync_runs WHERE finished_at < ?"
                            + " AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY finished_at LIMIT ?)");
            bind(delete, before.toEpochMilli(), limit);
            return delete.executeUpdate();
        });
    }
}
