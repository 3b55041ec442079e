package dev.weft.engine.store.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * One run of a job: a due row claimed with a lease and a fencing version, like an execution. Its counts and
 * progress grow with each committed batch, so that a long first sync shows how far it is, and a run taken
 * over after its node died goes on from its last committed batch. Immutable.
 *
 * @param id increasing per tenant and job
 * @param reason why it runs: {@code schedule}, {@code manual}, {@code resync}, {@code resolution}, {@code changes}
 * @param full whether it compares every record (a resync, a job whose changes come from full scans)
 * @param progress JSON text the runner writes with each batch (phase, records so far, cursor reached), or null
 * @param error why it failed, or null
 * @param leaseVersion the fencing token: incremented by every claim, checked by every batch commit
 */
public record SyncRun(String tenantId, String jobId, long id, int jobVersion, String reason, boolean full,
        SyncRunStatus status, SyncCounts counts, String progress, String error, Instant createdAt,
        Instant startedAt, Instant finishedAt, String leaseOwner, Instant leaseUntil, long leaseVersion) {

    public SyncRun {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
