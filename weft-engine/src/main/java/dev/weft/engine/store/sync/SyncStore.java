package dev.weft.engine.store.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data sync's rows: deployed jobs, the links between the records of a job's two sides, each side's change
 * cursor, runs (due rows claimed with leases and fenced by a lease version, like executions), failed records
 * and held conflicts. See {@code docs/design/data-sync.md}. Every method that names a tenant works in that
 * tenant's scope. Implementations are thread-safe.
 */
public interface SyncStore {

    // ---- jobs

    /**
     * Stores a job's source: inserts version 1, or, when its text (by SHA-256) differs from the stored one,
     * replaces it with the next version; the same text again changes nothing. Returns the job as stored.
     */
    SyncJobRecord deployJob(String tenantId, String id, String source, String sha256, Instant now);

    Optional<SyncJobRecord> job(String tenantId, String id);

    /** The tenant's jobs by id. */
    List<SyncJobRecord> jobs(String tenantId);

    /** Every tenant's enabled jobs, for the scheduler. */
    List<SyncJobRecord> enabledJobs();

    /** Pauses or resumes a job's schedule; false when there is no such job. */
    boolean setEnabled(String tenantId, String id, boolean enabled, Instant now);

    /**
     * Deletes a job with everything it holds: links, cursors, runs, failures and conflicts. A run of it that is
     * running cannot commit any more. False when there was none.
     */
    boolean deleteJob(String tenantId, String id);

    // ---- state

    /** The links of these left keys, by left key; keys without a link are absent. */
    Map<String, SyncLink> linksByLeft(String tenantId, String jobId, Collection<String> leftKeys);

    /** The links of these right keys, by right key. */
    Map<String, SyncLink> linksByRight(String tenantId, String jobId, Collection<String> rightKeys);

    /** Up to {@code limit} links in left key order after {@code afterLeftKey} (null: from the first). */
    List<SyncLink> links(String tenantId, String jobId, String afterLeftKey, int limit);

    /** How many links the job has. */
    long linkCount(String tenantId, String jobId);

    /** A side's change cursor (JSON text), or empty before its first committed batch. */
    Optional<String> cursor(String tenantId, String jobId, SyncSide side);

    /**
     * Forgets both cursors (and nothing else), so that the next run reads every record again; for a resync.
     */
    void resetCursors(String tenantId, String jobId);

    // ---- change events

    /**
     * Remembers that these records of a side changed (keys as canonical JSON arrays), for the job's next run
     * to read and sync; a key already waiting is kept once, its generation raised. Returns how many were not
     * waiting yet.
     */
    int addChanges(String tenantId, String jobId, SyncSide side, Collection<String> keys, Instant now);

    /** Up to {@code limit} keys of a side waiting to be synced, in key order, each with its generation. */
    Map<String, Long> changes(String tenantId, String jobId, SyncSide side, int limit);

    /**
     * Forgets waiting keys of a side once a run committed their records, each only at the generation the run
     * read (a key posted again meanwhile waits for the next run). At least once: a crash before this leaves them
     * to the next run, which finds them unchanged. Returns how many were forgotten.
     */
    int removeChanges(String tenantId, String jobId, SyncSide side, Map<String, Long> read);

    /** How many keys of both sides are waiting. */
    long changeCount(String tenantId, String jobId);

    // ---- runs

    /**
     * Queues a run unless one is queued already, in which case that one is returned (and made full when
     * {@code full} asks for it). A run that is running does not stop another from being queued behind it.
     * Run ids are never used twice for a job, also after {@link #deleteRuns} deleted the newest ones.
     *
     * @throws IllegalArgumentException when the tenant has no such job
     */
    SyncRun enqueueRun(String tenantId, String jobId, int jobVersion, String reason, boolean full,
            Instant now);

    /**
     * Claims the oldest claimable run of any tenant for {@code owner} until {@code leaseUntil}: a queued run of a
     * job that has no running run, or a running run whose lease has expired (taken over: it goes on from its
     * last committed batch). A queued run also waits behind a running run of its job whose lease expired: that
     * one is taken over first, so that a job never has two runs moving its cursors at once. Increments its
     * lease version; sets {@code startedAt} on its first claim.
     */
    Optional<SyncRun> claimRun(String owner, Instant now, Instant leaseUntil);

    /** Every tenant's running runs, up to {@code limit}, soonest lease end first: for a node to find those whose owner died. */
    List<SyncRun> runningRuns(int limit);

    /**
     * Ends a running run's lease now, if its lease version is still {@code leaseVersion}, so that the next
     * claim takes it over (its owner is known to be dead: a process of this host that no longer runs); false
     * when it was renewed by a new claim, ended or deleted meanwhile.
     */
    boolean expireLease(String tenantId, String jobId, long runId, long leaseVersion, Instant now);

    /** Extends a run's lease; false when the lease was lost (taken over, or the run ended or was deleted). */
    boolean renewRun(String tenantId, String jobId, long runId, long leaseVersion, Instant leaseUntil);

    /**
     * Commits one batch's changes (links, cursors, counts, progress, failures, conflicts), all or nothing, if
     * the run's lease version is still {@code batch.leaseVersion()} and the run is running; false (and nothing
     * written) otherwise.
     */
    boolean commitBatch(SyncBatch batch, Instant now);

    /**
     * Ends a run ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}) with its error, if its lease version is
     * still {@code leaseVersion} and it has not ended; false otherwise. A queued run, never claimed, is ended
     * (cancelled) at lease version 0.
     */
    boolean finishRun(String tenantId, String jobId, long runId, long leaseVersion, SyncRunStatus status,
            String error, Instant now);

    Optional<SyncRun> run(String tenantId, String jobId, long runId);

    /** The job's runs, newest first, those with an id below {@code beforeId} (null: from the newest). */
    List<SyncRun> runs(String tenantId, String jobId, Long beforeId, int limit);

    /** The job's newest run that succeeded, among those kept ({@code sync.retention}). */
    Optional<SyncRun> lastSucceededRun(String tenantId, String jobId);

    /** Deletes ended runs that finished before {@code before}, at most {@code limit}; returns how many. */
    int deleteRuns(Instant before, int limit);

    // ---- failures

    /**
     * The job's failed records, in (side, key) order after the given position (null: from the first), for the
     * API and for the next run to retry.
     */
    List<SyncFailure> failures(String tenantId, String jobId, SyncSide afterSide, String afterKey, int limit);

    /** How many failed records the job has. */
    long failureCount(String tenantId, String jobId);

    // ---- conflicts

    /** The job's conflicts in a status (null: any), oldest first, after {@code afterId} (null: from the first). */
    List<SyncConflict> conflicts(String tenantId, String jobId, ConflictStatus status, String afterId,
            int limit);

    Optional<SyncConflict> conflict(String tenantId, String jobId, String id);

    /**
     * Records a resolution of an open conflict (it becomes {@code RESOLVED}); empty when it is not open (resolved
     * already, applied, replaced or deleted). The next run writes it to both sides.
     */
    Optional<SyncConflict> resolveConflict(String tenantId, String jobId, String id, String resolution,
            String resolvedBy, Instant now);

    /** Open conflicts count, per job. */
    long openConflictCount(String tenantId, String jobId);
}
