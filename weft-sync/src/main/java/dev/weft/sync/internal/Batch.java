package dev.weft.sync.internal;

import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one batch of a run has done so far, until it is committed as a {@link SyncBatch}. Not thread-safe. */
final class Batch {
    final List<SyncLink> links = new ArrayList<>();
    final List<String> unlinked = new ArrayList<>();
    final Map<SyncSide, String> cursors = new EnumMap<>(SyncSide.class);
    final List<SyncFailure> failed = new ArrayList<>();
    final List<SyncBatch.FailureKey> recovered = new ArrayList<>();
    final List<SyncConflict> conflicts = new ArrayList<>();
    final List<String> applied = new ArrayList<>();
    long read;
    long created;
    long updated;
    long deleted;
    long unchanged;
    long conflicted;
    long failures;

    SyncCounts counts() {
        return new SyncCounts(read, created, updated, deleted, unchanged, conflicted, failures);
    }

    SyncBatch toStore(SyncRun run, String progress) {
        return new SyncBatch(run.tenantId(), run.jobId(), run.id(), run.leaseVersion(), links, unlinked,
                cursors,
                counts(), progress, failed, recovered, conflicts, applied);
    }
}
