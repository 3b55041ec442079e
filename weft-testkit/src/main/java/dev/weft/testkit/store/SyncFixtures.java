package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.sha256;

import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records and small steps shared by the sync store's contract tests. */
final class SyncFixtures {

    static final String ACME = "acme";
    static final String GLOBEX = "globex";
    static final String JOB = "customers";
    static final String SOURCE = "kind: sync\nid: customers\ndirection: both\n";

    private SyncFixtures() {
    }

    /** Deploys {@link #SOURCE} as {@code jobId} of {@code tenantId} at {@link Fixtures#T0}. */
    static SyncJobRecord deploy(SyncStore store, String tenantId, String jobId) {
        return store.deployJob(tenantId, jobId, SOURCE, sha256(SOURCE), T0);
    }

    /** Deploys {@link #JOB} in {@code tenantId}, queues a run and claims it for {@code owner} for 30 s. */
    static SyncRun running(SyncStore store, String tenantId, String owner, Instant now) {
        deploy(store, tenantId, JOB);
        store.enqueueRun(tenantId, JOB, 1, "manual", false, now);
        return store.claimRun(owner, now, now.plusSeconds(30)).orElseThrow();
    }

    /** A link between left key {@code [n]} and right key {@code ["r<n>"]}. */
    static SyncLink link(int n, Instant at) {
        return link("[" + n + "]", "[\"r" + n + "\"]", at);
    }

    static SyncLink link(String leftKey, String rightKey, Instant at) {
        return new SyncLink(leftKey, rightKey, "lh" + leftKey, "rh" + rightKey, "{\"k\":" + leftKey + "}",
                at);
    }

    static SyncFailure failure(SyncSide side, String key, String code, Instant at) {
        return new SyncFailure(side, key, code, "refused: " + code, 1, 0, at, at);
    }

    static SyncConflict conflict(String tenantId, String id, String leftKey, Instant at) {
        return new SyncConflict(tenantId, JOB, id, leftKey, "[\"r\"]", "{\"name\":\"Ada\"}",
                "{\"name\":\"Ada L.\"}", "{\"name\":\"A.\"}", List.of("name"), ConflictStatus.OPEN, null,
                null,
                at, null);
    }

    /** An empty batch of {@code run} at its lease, to be changed with the {@code with} methods below. */
    static Batch batch(SyncRun run) {
        return new Batch(run, List.of(), List.of(), Map.of(), SyncCounts.ZERO, null, List.of(), List.of(),
                List.of(), List.of());
    }

    /** A {@link SyncBatch} being built. Immutable. */
    record Batch(SyncRun run, List<SyncLink> links, List<String> unlinked, Map<SyncSide, String> cursors,
            SyncCounts counts, String progress, List<SyncFailure> failed,
            List<SyncBatch.FailureKey> recovered,
            List<SyncConflict> conflicts, List<String> applied) {

        Batch links(SyncLink... l) {
            return new Batch(run, List.of(l), unlinked, cursors, counts, progress, failed, recovered,
                    conflicts, applied);
        }

        Batch links(List<SyncLink> l) {
            return new Batch(run, l, unlinked, cursors, counts, progress, failed, recovered, conflicts,
                    applied);
        }

        Batch unlinked(String... keys) {
            return new Batch(run, links, List.of(keys), cursors, counts, progress, failed, recovered,
                    conflicts, applied);
        }

        Batch cursors(Map<SyncSide, String> c) {
            return new Batch(run, links, unlinked, c, counts, progress, failed, recovered, conflicts,
                    applied);
        }

        Batch counts(SyncCounts c, String p) {
            return new Batch(run, links, unlinked, cursors, c, p, failed, recovered, conflicts, applied);
        }

        Batch failed(SyncFailure... f) {
            return new Batch(run, links, unlinked, cursors, counts, progress, List.of(f), recovered,
                    conflicts, applied);
        }

        Batch recovered(SyncBatch.FailureKey... k) {
            return new Batch(run, links, unlinked, cursors, counts, progress, failed, List.of(k), conflicts,
                    applied);
        }

        Batch conflicts(SyncConflict... c) {
            return new Batch(run, links, unlinked, cursors, counts, progress, failed, recovered, List.of(c),
                    applied);
        }

        Batch applied(String... ids) {
            return new Batch(run, links, unlinked, cursors, counts, progress, failed, recovered, conflicts,
                    List.of(ids));
        }

        /** The batch at the run's lease version. */
        SyncBatch build() {
            return at(run.leaseVersion());
        }

        /** The batch at the run's lease version, naming another tenant. */
        SyncBatch inTenant(String tenantId) {
            return new SyncBatch(tenantId, run.jobId(), run.id(), run.leaseVersion(), links, unlinked,
                    cursors,
                    counts, progress, failed, recovered, conflicts, applied);
        }

        SyncBatch at(long leaseVersion) {
            return new SyncBatch(run.tenantId(), run.jobId(), run.id(), leaseVersion, links, unlinked,
                    cursors,
                    counts, progress, failed, recovered, conflicts, applied);
        }
    }
}
