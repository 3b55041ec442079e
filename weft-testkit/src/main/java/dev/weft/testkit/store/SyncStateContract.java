package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.SyncFixtures.ACME;
import static dev.weft.testkit.store.SyncFixtures.JOB;
import static dev.weft.testkit.store.SyncFixtures.batch;
import static dev.weft.testkit.store.SyncFixtures.conflict;
import static dev.weft.testkit.store.SyncFixtures.failure;
import static dev.weft.testkit.store.SyncFixtures.link;
import static dev.weft.testkit.store.SyncFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncBatch.FailureKey;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A job's state as batches commit it: links found by either side's keys, re-matched and unlinked; cursors;
 * failed records counted and recovered; conflicts held, replaced, resolved and applied.
 */
interface SyncStateContract extends StorageUnderTest {

    private SyncStore sync() {
        return storage().sync();
    }

    @Test
    default void linksAreFoundByLeftOrRightKeysManyAtOnceAndPagedInLeftKeyOrder() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        // More than one statement's worth of keys, not a power of two.
        List<SyncLink> links = IntStream.rangeClosed(1, 1_300).mapToObj(n -> link(n, T0)).toList();
        assertThat(sync().commitBatch(batch(run).links(links).build(), T0)).isTrue();

        List<String> lefts = new ArrayList<>(
                IntStream.rangeClosed(1, 1_301).mapToObj(n -> "[" + n + "]").toList());
        lefts.add("[7]");
        Map<String, SyncLink> byLeft = sync().linksByLeft(ACME, JOB, lefts);
        assertThat(byLeft).hasSize(1_300).doesNotContainKey("[1301]");
        assertThat(byLeft.get("[7]")).isEqualTo(link(7, T0));
        Map<String, SyncLink> byRight = sync().linksByRight(ACME, JOB, List.of("[\"r3\"]", "[\"r9999\"]"));
        assertThat(byRight).containsOnlyKeys("[\"r3\"]");
        assertThat(byRight.get("[\"r3\"]")).isEqualTo(link(3, T0));
        assertThat(sync().linksByLeft(ACME, JOB, List.of())).isEmpty();
        assertThat(sync().linkCount(ACME, JOB)).isEqualTo(1_300);

        // Pages in the database's text order (its collation), each after the last key of the one before.
        List<SyncLink> paged = new ArrayList<>();
        List<SyncLink> page = sync().links(ACME, JOB, null, 500);
        while (!page.isEmpty()) {
            assertThat(page.size()).isLessThanOrEqualTo(500);
            paged.addAll(page);
            page = sync().links(ACME, JOB, page.get(page.size() - 1).leftKey(), 500);
        }
        assertThat(paged).containsExactlyInAnyOrderElementsOf(links);
    }

    @Test
    default void aRightRecordMatchedToAnotherLeftRecordMovesItsLinkAndUnlinkedKeysLoseTheirs() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        assertThat(sync().commitBatch(batch(run).links(link("[1]", "[\"a\"]", T0), link("[2]", "[\"b\"]", T0))
                .build(), T0)).isTrue();

        Instant later = T0.plusSeconds(1);
        // [3] now matches "a", [2] moves to "c": one link per right record, the last one written wins.
        assertThat(sync().commitBatch(batch(run).links(link("[3]", "[\"a\"]", later),
                link("[2]", "[\"c\"]", later)).build(), later)).isTrue();

        assertThat(sync().links(ACME, JOB, null, 10)).containsExactly(link("[2]", "[\"c\"]", later),
                link("[3]", "[\"a\"]", later));
        assertThat(sync().linksByRight(ACME, JOB, List.of("[\"a\"]", "[\"b\"]", "[\"c\"]")))
                .containsOnlyKeys("[\"a\"]", "[\"c\"]");

        // Within one batch too, and a record deleted on a side loses its link.
        assertThat(sync().commitBatch(batch(run).links(link("[4]", "[\"c\"]", later),
                link("[5]", "[\"d\"]", later), link("[6]", "[\"d\"]", later)).unlinked("[3]").build(), later))
                .isTrue();
        assertThat(sync().links(ACME, JOB, null, 10)).extracting(SyncLink::leftKey).containsExactly("[4]",
                "[6]");
    }

    @Test
    default void changedKeysWaitOnceOldestFirstUntilRemovedAndGoWithTheirJob() {
        dev.weft.testkit.store.SyncFixtures.deploy(sync(), ACME, JOB);
        dev.weft.testkit.store.SyncFixtures.deploy(sync(), dev.weft.testkit.store.SyncFixtures.GLOBEX, JOB);

        assertThat(sync().addChanges(ACME, JOB, SyncSide.LEFT, List.of("[2]", "[1]"), T0)).isEqualTo(2);
        assertThat(sync().addChanges(ACME, JOB, SyncSide.LEFT, List.of("[1]", "[3]"), T0.plusSeconds(1)))
                .as("[1] waits already").isEqualTo(1);
        assertThat(sync().addChanges(ACME, JOB, SyncSide.RIGHT, List.of("[\"a\"]"), T0)).isOne();

        assertThat(sync().changes(ACME, JOB, SyncSide.LEFT, 10))
                .containsExactly(Map.entry("[1]", 1L), Map.entry("[2]", 0L), Map.entry("[3]", 0L));
        assertThat(sync().changes(ACME, JOB, SyncSide.LEFT, 2)).containsOnlyKeys("[1]", "[2]");
        assertThat(sync().changes(ACME, JOB, SyncSide.RIGHT, 10)).containsOnlyKeys("[\"a\"]");
        assertThat(sync().changes(dev.weft.testkit.store.SyncFixtures.GLOBEX, JOB, SyncSide.LEFT, 10))
                .as("another tenant's").isEmpty();
        assertThat(sync().changeCount(ACME, JOB)).isEqualTo(4);

        Map<String, Long> read = sync().changes(ACME, JOB, SyncSide.LEFT, 10);
        sync().addChanges(ACME, JOB, SyncSide.LEFT, List.of("[2]"), T0.plusSeconds(2)); // posted while a run reads
        assertThat(sync().removeChanges(ACME, JOB, SyncSide.LEFT, read)).isEqualTo(2);
        assertThat(sync().changes(ACME, JOB, SyncSide.LEFT, 10)).as("[2] changed again: it waits")
                .containsExactly(Map.entry("[2]", 1L));
        assertThat(sync().deleteJob(ACME, JOB)).isTrue();
        assertThat(sync().changeCount(ACME, JOB)).isZero();
    }

    @Test
    default void cursorsMoveOnlyWithACommittedBatchAndAResetForgetsThem() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        assertThat(sync().cursor(ACME, JOB, SyncSide.LEFT)).as("before the first batch").isEmpty();

        assertThat(sync().commitBatch(batch(run).cursors(Map.of(SyncSide.LEFT, "{\"at\":1}")).build(), T0))
                .isTrue();
        assertThat(sync().commitBatch(batch(run).cursors(Map.of(SyncSide.LEFT, "{\"at\":2}",
                SyncSide.RIGHT, "{\"at\":9}")).at(run.leaseVersion() + 1), T0)).as("at another lease version")
                .isFalse();
        assertThat(sync().cursor(ACME, JOB, SyncSide.LEFT)).contains("{\"at\":1}");
        assertThat(sync().cursor(ACME, JOB, SyncSide.RIGHT)).isEmpty();

        assertThat(sync().commitBatch(batch(run).cursors(Map.of(SyncSide.RIGHT, "{\"at\":3}")).build(), T0))
                .isTrue();
        assertThat(sync().cursor(ACME, JOB, SyncSide.LEFT)).as("a side not in the batch")
                .contains("{\"at\":1}");
        assertThat(sync().cursor(ACME, JOB, SyncSide.RIGHT)).contains("{\"at\":3}");

        sync().commitBatch(batch(run).links(link(1, T0)).build(), T0);
        sync().resetCursors(ACME, JOB);
        assertThat(sync().cursor(ACME, JOB, SyncSide.LEFT)).isEmpty();
        assertThat(sync().cursor(ACME, JOB, SyncSide.RIGHT)).isEmpty();
        assertThat(sync().linkCount(ACME, JOB)).as("the links stay").isOne();
    }

    @Test
    default void aFailedRecordIsCountedOnceMorePerFailureUntilItIsRecovered() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        assertThat(sync().commitBatch(batch(run)
                .failed(failure(SyncSide.RIGHT, "[\"r1\"]", "sync.mapping", T0),
                        failure(SyncSide.LEFT, "[2]", "erp.constraint", T0),
                        failure(SyncSide.LEFT, "[1]", "erp.down", T0))
                .counts(new SyncCounts(3, 0, 0, 0, 0, 0, 3), null).build(), T0)).isTrue();

        Instant later = T0.plusSeconds(60);
        assertThat(sync().commitBatch(batch(run).failed(failure(SyncSide.LEFT, "[2]", "erp.duplicate", later))
                .build(), later)).isTrue();

        assertThat(sync().failureCount(ACME, JOB)).isEqualTo(3);
        List<SyncFailure> all = sync().failures(ACME, JOB, null, null, 10);
        assertThat(all).extracting(f -> f.side().label() + f.key()).containsExactly("left[1]", "left[2]",
                "right[\"r1\"]");
        assertThat(all.get(1)).isEqualTo(new SyncFailure(SyncSide.LEFT, "[2]", "erp.duplicate",
                "refused: erp.duplicate", 2, run.id(), T0, later));
        assertThat(all.get(0).attempts()).isOne();
        assertThat(sync().failures(ACME, JOB, SyncSide.LEFT, "[2]", 10)).extracting(SyncFailure::key)
                .containsExactly("[\"r1\"]");
        assertThat(sync().failures(ACME, JOB, SyncSide.LEFT, "[1]", 1)).extracting(SyncFailure::key)
                .containsExactly("[2]");

        assertThat(sync().commitBatch(batch(run).recovered(new FailureKey(SyncSide.LEFT, "[2]"),
                new FailureKey(SyncSide.RIGHT, "[\"r1\"]")).links(link(2, later)).build(), later)).isTrue();
        assertThat(sync().failures(ACME, JOB, null, null, 10)).extracting(SyncFailure::key)
                .containsExactly("[1]");
        assertThat(sync().run(ACME, JOB, run.id()).orElseThrow().counts().failed()).isEqualTo(3);
    }

    @Test
    default void aNewerConflictReplacesThePendingOneAndAResolutionIsRecordedOnceThenApplied() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        SyncConflict older = conflict(ACME, "cfl_1", "[1]", T0);
        assertThat(sync().commitBatch(batch(run).conflicts(older, conflict(ACME, "cfl_2", "[2]", T0)).build(),
                T0)).isTrue();
        assertThat(sync().conflict(ACME, JOB, "cfl_1")).contains(older);
        assertThat(sync().openConflictCount(ACME, JOB)).isEqualTo(2);

        Instant later = T0.plusSeconds(10);
        assertThat(sync().commitBatch(batch(run).conflicts(conflict(ACME, "cfl_9", "[1]", later)).build(),
                later))
                .isTrue();
        assertThat(sync().conflict(ACME, JOB, "cfl_1")).as("held again with the same versions: kept")
                .contains(older);
        assertThat(sync().conflict(ACME, JOB, "cfl_9")).isEmpty();
        SyncConflict newer = new SyncConflict(ACME, JOB, "cfl_3", "[1]", older.rightKey(), older.left(),
                "{\"name\":\"Ada Lovelace\"}", older.base(), older.fields(), ConflictStatus.OPEN, null, null,
                later,
                null);
        assertThat(sync().commitBatch(batch(run).conflicts(newer).build(), later)).isTrue();
        assertThat(sync().conflict(ACME, JOB, "cfl_1")).as("replaced: other versions").isEmpty();
        assertThat(sync().conflicts(ACME, JOB, ConflictStatus.OPEN, null, 10)).extracting(SyncConflict::id)
                .containsExactly("cfl_2", "cfl_3");

        SyncConflict resolved = sync()
                .resolveConflict(ACME, JOB, "cfl_3", "{\"take\":\"left\"}", "ada", later)
                .orElseThrow();
        assertThat(resolved.status()).isEqualTo(ConflictStatus.RESOLVED);
        assertThat(resolved.resolution()).isEqualTo("{\"take\":\"left\"}");
        assertThat(resolved.resolvedBy()).isEqualTo("ada");
        assertThat(resolved.resolvedAt()).isEqualTo(later);
        SyncConflict heldAgain = new SyncConflict(ACME, JOB, "cfl_5", "[1]", older.rightKey(), older.left(),
                "{\"name\":\"Ada K.\"}", older.base(), older.fields(), ConflictStatus.OPEN, null, null, later,
                null);
        assertThat(sync().commitBatch(batch(run).conflicts(heldAgain).build(), later)).isTrue();
        assertThat(sync().conflict(ACME, JOB, "cfl_3")).as("a resolution waits for its run, not replaced")
                .contains(resolved);
        assertThat(sync().conflict(ACME, JOB, "cfl_5")).isEmpty();
        assertThat(sync().resolveConflict(ACME, JOB, "cfl_3", "{\"take\":\"right\"}", "bob", later))
                .as("resolved already").isEmpty();
        assertThat(sync().resolveConflict(ACME, JOB, "cfl_1", "{\"take\":\"right\"}", "bob", later))
                .as("replaced").isEmpty();
        assertThat(sync().openConflictCount(ACME, JOB)).isOne();

        assertThat(sync().commitBatch(batch(run).applied("cfl_3", "cfl_2").build(), later)).isTrue();
        assertThat(sync().conflict(ACME, JOB, "cfl_3").orElseThrow().status())
                .isEqualTo(ConflictStatus.APPLIED);
        assertThat(sync().conflict(ACME, JOB, "cfl_2").orElseThrow().status())
                .as("open: not resolved, not applied")
                .isEqualTo(ConflictStatus.OPEN);
        assertThat(sync().resolveConflict(ACME, JOB, "cfl_3", "{\"take\":\"right\"}", "bob", later))
                .as("applied").isEmpty();

        // An applied conflict is history: a new conflict of the same record does not replace it.
        assertThat(sync().commitBatch(batch(run).conflicts(conflict(ACME, "cfl_4", "[1]", later)).build(),
                later))
                .isTrue();
        assertThat(sync().conflicts(ACME, JOB, null, null, 10)).extracting(SyncConflict::id)
                .containsExactly("cfl_2", "cfl_3", "cfl_4");
        assertThat(sync().conflicts(ACME, JOB, null, "cfl_2", 1)).extracting(SyncConflict::id)
                .containsExactly("cfl_3");
        assertThat(sync().conflicts(ACME, JOB, ConflictStatus.APPLIED, null, 10)).extracting(SyncConflict::id)
                .containsExactly("cfl_3");
    }
}
