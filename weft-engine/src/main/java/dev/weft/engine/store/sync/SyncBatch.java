package dev.weft.engine.store.sync;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch of a run changes in the job's state, committed in one transaction and only by the run's
 * current lease ({@link SyncStore#commitBatch}). A side's cursor moves in the same commit as the links of the
 * records read up to it, so that a crash before the commit reads them again and a crash after it never does.
 * Immutable.
 *
 * @param links links to insert or replace (by left key; a link whose right key another link holds replaces
 *     that one)
 * @param unlinked left keys whose links are deleted (a record deleted on a side)
 * @param cursors a side's new cursor (JSON text); a side not in the map keeps its cursor
 * @param counts added to the run's counts
 * @param progress the run's progress now (JSON text), or null to keep it
 * @param failed records that failed in this batch: inserted, or counted once more when stored already
 * @param recovered records synced in this batch that had failed before: their failures are deleted
 * @param conflicts conflicts to hold, each replacing an open or resolved conflict of the same left key
 * @param applied ids of resolved conflicts this batch wrote to both sides: marked applied
 */
public record SyncBatch(String tenantId, String jobId, long runId, long leaseVersion, List<SyncLink> links,
        List<String> unlinked, Map<SyncSide, String> cursors, SyncCounts counts, String progress,
        List<SyncFailure> failed, List<FailureKey> recovered, List<SyncConflict> conflicts,
        List<String> applied) {

    /** A failed record's identity. */
    public record FailureKey(SyncSide side, String key) {
    }

    public SyncBatch {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(jobId, "jobId");
        links = List.copyOf(links);
        unlinked = List.copyOf(unlinked);
        cursors = Map.copyOf(cursors);
        Objects.requireNonNull(counts, "counts");
        failed = List.copyOf(failed);
        recovered = List.copyOf(recovered);
        conflicts = List.copyOf(conflicts);
        applied = List.copyOf(applied);
    }
}
