package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.SyncFixtures.ACME;
import static dev.weft.testkit.store.SyncFixtures.GLOBEX;
import static dev.weft.testkit.store.SyncFixtures.JOB;
import static dev.weft.testkit.store.SyncFixtures.batch;
import static dev.weft.testkit.store.SyncFixtures.deploy;
import static dev.weft.testkit.store.SyncFixtures.link;
import static dev.weft.testkit.store.SyncFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Runs: queued one per job, claimed oldest first with a lease and a fencing version, taken over when the
 * lease ends, fenced out when taken over, ended, paged newest first, and deleted once ended.
 */
interface SyncRunContract extends StorageUnderTest {

    int CLAIMERS = 8;

    private SyncStore sync() {
        return storage().sync();
    }

    @Test
    default void aQueuedRunIsClaimedWithALeaseAndStartsAtItsFirstClaim() {
        deploy(sync(), ACME, JOB);
        SyncRun queued = sync().enqueueRun(ACME, JOB, 1, "schedule", false, T0);
        assertThat(queued).isEqualTo(new SyncRun(ACME, JOB, 1, 1, "schedule", false, SyncRunStatus.QUEUED,
                SyncCounts.ZERO, null, null, T0, null, null, null, null, 0));

        Instant now = T0.plusSeconds(1);
        SyncRun claimed = sync().claimRun("node-a", now, now.plusSeconds(30)).orElseThrow();

        assertThat(claimed.leaseVersion()).as("at least the claim's time in ms")
                .isEqualTo(now.toEpochMilli());
        assertThat(claimed).isEqualTo(new SyncRun(ACME, JOB, 1, 1, "schedule", false, SyncRunStatus.RUNNING,
                SyncCounts.ZERO, null, null, T0, now, null, "node-a", now.plusSeconds(30),
                now.toEpochMilli()));
        assertThat(sync().run(ACME, JOB, 1)).contains(claimed);
        assertThat(sync().claimRun("node-b", now, now.plusSeconds(30))).as("nothing else to claim").isEmpty();
        assertThatThrownBy(() -> sync().enqueueRun(ACME, "missing", 1, "manual", false, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }

    @Test
    default void enqueueingJoinsTheQueuedRunAndMakesItFullWhenAskedButNotARunningOne() {
        deploy(sync(), ACME, JOB);
        SyncRun first = sync().enqueueRun(ACME, JOB, 1, "schedule", false, T0);
        assertThat(sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(1))).isEqualTo(first);
        SyncRun full = sync().enqueueRun(ACME, JOB, 1, "resync", true, T0.plusSeconds(2));
        assertThat(full.id()).isEqualTo(first.id());
        assertThat(full.full()).isTrue();
        assertThat(full.reason()).as("the queued run's own").isEqualTo("schedule");
        assertThat(sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(3)).full()).isTrue();

        sync().claimRun("node-a", T0.plusSeconds(4), T0.plusSeconds(34)).orElseThrow();
        SyncRun behind = sync().enqueueRun(ACME, JOB, 2, "manual", false, T0.plusSeconds(5));
        assertThat(behind.id()).as("queued behind the running one").isEqualTo(2);
        assertThat(behind.jobVersion()).isEqualTo(2);
        assertThat(sync().runs(ACME, JOB, null, 10)).extracting(SyncRun::id).containsExactly(2L, 1L);
    }

    @Test
    default void theLastSucceededRunIsTheNewestThatSucceededWhateverCameAfterIt() {
        assertThat(sync().lastSucceededRun(ACME, JOB)).isEmpty();
        SyncRun first = running(sync(), ACME, "node-a", T0);
        assertThat(
                sync().finishRun(ACME, JOB, first.id(), first.leaseVersion(), SyncRunStatus.SUCCEEDED, null,
                        T0.plusSeconds(1)))
                .isTrue();
        sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(2));
        SyncRun second = sync().claimRun("node-a", T0.plusSeconds(2), T0.plusSeconds(32)).orElseThrow();
        assertThat(
                sync().finishRun(ACME, JOB, second.id(), second.leaseVersion(), SyncRunStatus.FAILED, "down",
                        T0.plusSeconds(3)))
                .isTrue();
        sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(4));

        assertThat(sync().lastSucceededRun(ACME, JOB)).map(SyncRun::id).contains(first.id());
        assertThat(sync().lastSucceededRun(GLOBEX, JOB)).isEmpty();
    }

    @Test
    default void aQueuedRunWaitsWhileItsJobHasARunningRunAndOtherJobsGoOn() {
        SyncRun first = running(sync(), ACME, "node-a", T0);
        sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(1));
        deploy(sync(), GLOBEX, JOB);
        sync().enqueueRun(GLOBEX, JOB, 1, "manual", false, T0.plusSeconds(2));

        Instant now = T0.plusSeconds(3);
        assertThat(sync().claimRun("node-b", now, now.plusSeconds(30))).map(SyncRun::tenantId)
                .contains(GLOBEX);
        assertThat(sync().claimRun("node-b", now, now.plusSeconds(30))).as("acme's job is running").isEmpty();

        assertThat(
                sync().finishRun(ACME, JOB, first.id(), first.leaseVersion(), SyncRunStatus.SUCCEEDED, null,
                        now))
                .isTrue();
        SyncRun next = sync().claimRun("node-b", now, now.plusSeconds(30)).orElseThrow();
        assertThat(next.tenantId()).isEqualTo(ACME);
        assertThat(next.id()).isEqualTo(2);
    }

    @Test
    default void anExpiredLeaseIsTakenOverAndTheFirstLeasesCommitIsRefusedAndWritesNothing() {
        SyncRun first = running(sync(), ACME, "node-a", T0);
        assertThat(sync().commitBatch(batch(first).links(link(1, T0))
                .counts(new SyncCounts(1, 1, 0, 0, 0, 0, 0), "{\"read\":1}").build(), T0)).isTrue();
        // Queued behind it: the run whose lease ended is taken over first, it does not run beside it.
        sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(1));
        assertThat(sync().claimRun("node-b", T0.plusSeconds(29), T0.plusSeconds(59))).as("lease live")
                .isEmpty();

        Instant later = T0.plusSeconds(31);
        SyncRun second = sync().claimRun("node-b", later, later.plusSeconds(30)).orElseThrow();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.leaseVersion()).isGreaterThan(first.leaseVersion());
        assertThat(second.leaseOwner()).isEqualTo("node-b");
        assertThat(second.startedAt()).as("started at its first claim").isEqualTo(T0);
        assertThat(second.counts()).as("goes on from its last batch")
                .isEqualTo(new SyncCounts(1, 1, 0, 0, 0, 0, 0));
        assertThat(second.progress()).isEqualTo("{\"read\":1}");
        assertThat(sync().claimRun("node-c", later, later.plusSeconds(30))).as("the queued one waits")
                .isEmpty();

        assertThat(sync().commitBatch(batch(first).links(link(2, later)).cursors(Map.of(SyncSide.LEFT, "{}"))
                .counts(new SyncCounts(5, 5, 0, 0, 0, 0, 0), "{\"read\":6}").build(), later))
                .as("the first lease's commit").isFalse();
        assertThat(sync().renewRun(ACME, JOB, first.id(), first.leaseVersion(), later.plusSeconds(60)))
                .isFalse();
        assertThat(sync().finishRun(ACME, JOB, first.id(), first.leaseVersion(), SyncRunStatus.FAILED, "x",
                later)).isFalse();
        assertThat(sync().linkCount(ACME, JOB)).isOne();
        assertThat(sync().cursor(ACME, JOB, SyncSide.LEFT)).isEmpty();
        assertThat(sync().run(ACME, JOB, first.id())).contains(second);

        assertThat(sync().commitBatch(batch(second).links(link(2, later))
                .counts(new SyncCounts(1, 0, 1, 0, 0, 0, 0), null).build(), later)).isTrue();
        SyncRun after = sync().run(ACME, JOB, first.id()).orElseThrow();
        assertThat(after.counts()).isEqualTo(new SyncCounts(2, 1, 1, 0, 0, 0, 0));
        assertThat(after.progress()).as("kept when the batch has none").isEqualTo("{\"read\":1}");
    }

    @Test
    default void aRunWhoseOwnerDiedIsListedAndItsLeaseEndedSoThatItIsTakenOverAtOnce() {
        SyncRun first = running(sync(), ACME, "dead-node", T0);
        deploy(sync(), GLOBEX, JOB);
        sync().enqueueRun(GLOBEX, JOB, 1, "manual", false, T0);
        SyncRun other = sync().claimRun("live-node", T0, T0.plusSeconds(60)).orElseThrow();

        assertThat(sync().runningRuns(10)).extracting(SyncRun::leaseOwner)
                .containsExactlyInAnyOrder("dead-node", "live-node");
        Instant now = T0.plusSeconds(1);
        assertThat(sync().claimRun("node-b", now, now.plusSeconds(30))).as("its lease still holds").isEmpty();
        assertThat(sync().expireLease(ACME, JOB, first.id(), first.leaseVersion() + 1, now))
                .as("a stale lease version").isFalse();
        assertThat(sync().expireLease(ACME, JOB, first.id(), first.leaseVersion(), now)).isTrue();

        SyncRun taken = sync().claimRun("node-b", now, now.plusSeconds(30)).orElseThrow();
        assertThat(taken.id()).isEqualTo(first.id());
        assertThat(taken.tenantId()).isEqualTo(ACME);
        assertThat(taken.leaseVersion()).isGreaterThan(first.leaseVersion());
        assertThat(sync().expireLease(ACME, JOB, first.id(), first.leaseVersion(), now))
                .as("taken over meanwhile").isFalse();
        assertThat(sync().run(GLOBEX, JOB, other.id())).contains(other);
    }

    @Test
    default void aLeaseIsRenewedAndAnEndedRunCommitsNothingMore() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        assertThat(sync().renewRun(ACME, JOB, run.id(), run.leaseVersion(), T0.plusSeconds(90))).isTrue();
        assertThat(sync().claimRun("node-b", T0.plusSeconds(60), T0.plusSeconds(90))).as("renewed").isEmpty();

        Instant end = T0.plusSeconds(61);
        assertThat(sync().finishRun(ACME, JOB, run.id(), run.leaseVersion(), SyncRunStatus.FAILED,
                "erp-db unreachable", end)).isTrue();
        SyncRun ended = sync().run(ACME, JOB, run.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(SyncRunStatus.FAILED);
        assertThat(ended.error()).isEqualTo("erp-db unreachable");
        assertThat(ended.finishedAt()).isEqualTo(end);
        assertThat(sync().commitBatch(batch(run).links(link(1, end)).build(), end)).isFalse();
        assertThat(sync().renewRun(ACME, JOB, run.id(), run.leaseVersion(), T0.plusSeconds(120))).isFalse();
        assertThat(sync().finishRun(ACME, JOB, run.id(), run.leaseVersion(), SyncRunStatus.SUCCEEDED, null,
                end)).as("ended already").isFalse();
        assertThat(sync().claimRun("node-b", T0.plusSeconds(500), T0.plusSeconds(530))).isEmpty();
        assertThat(sync().linkCount(ACME, JOB)).isZero();
        assertThatThrownBy(() -> sync().finishRun(ACME, JOB, run.id(), run.leaseVersion(),
                SyncRunStatus.RUNNING, null, end)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("running");
    }

    @Test
    default void aJobDeletedAndDeployedAgainNumbersItsRunsFromOneButNeverWithAnOldLeaseVersion() {
        SyncRun old = running(sync(), ACME, "node-a", T0);
        assertThat(sync().deleteJob(ACME, JOB)).isTrue();
        SyncRun again = running(sync(), ACME, "node-a", T0.plusMillis(5));

        assertThat(again.id()).isEqualTo(old.id());
        assertThat(again.leaseVersion()).isNotEqualTo(old.leaseVersion());
        assertThat(sync().commitBatch(batch(old).links(link(1, T0)).build(), T0.plusMillis(6)))
                .as("the deleted job's runner").isFalse();
        assertThat(sync().finishRun(ACME, JOB, old.id(), old.leaseVersion(), SyncRunStatus.SUCCEEDED, null,
                T0.plusMillis(6))).isFalse();
        assertThat(sync().linkCount(ACME, JOB)).isZero();
    }

    @Test
    default void claimsTakeTheOldestClaimableRunFirst() {
        for (String job : List.of("c", "a", "b")) {
            deploy(sync(), ACME, job);
        }
        sync().enqueueRun(ACME, "c", 1, "manual", false, T0.plusSeconds(2));
        sync().enqueueRun(ACME, "a", 1, "manual", false, T0.plusSeconds(3));
        sync().enqueueRun(ACME, "b", 1, "manual", false, T0.plusSeconds(1));

        Instant now = T0.plusSeconds(10);
        assertThat(IntStream.range(0, 3).mapToObj(i -> sync().claimRun("node-a", now, now.plusSeconds(30)))
                .map(Optional::orElseThrow).map(SyncRun::jobId)).containsExactly("b", "c", "a");
    }

    @Test
    default void claimersRacingTakeEachRunOnce() {
        for (int k = 0; k < CLAIMERS; k++) {
            deploy(sync(), ACME, "job" + k);
            sync().enqueueRun(ACME, "job" + k, 1, "manual", false, T0.plusMillis(k));
        }
        Instant now = T0.plusSeconds(1);

        List<Optional<SyncRun>> claims = Concurrently.run(CLAIMERS,
                i -> () -> sync().claimRun("node-" + i, now, now.plusSeconds(30)));

        // Each claim takes one run (a claimer passed over locked rows may find none left): none twice.
        List<String> jobs = claims.stream().flatMap(Optional::stream).map(SyncRun::jobId).toList();
        assertThat(jobs).doesNotHaveDuplicates();
        List<SyncRun> rest = IntStream.range(0, CLAIMERS).mapToObj(i -> sync().claimRun("late", now,
                now.plusSeconds(30))).flatMap(Optional::stream).toList();
        assertThat(jobs.size() + rest.size()).isEqualTo(CLAIMERS);
        assertThat(rest).extracting(SyncRun::jobId).doesNotContainAnyElementsOf(jobs);
    }

    @Test
    default void runsArePagedNewestFirstAndOnlyEndedRunsAreDeleted() {
        deploy(sync(), ACME, JOB);
        for (int k = 0; k < 4; k++) {
            Instant at = T0.plusSeconds(10L * k);
            sync().enqueueRun(ACME, JOB, 1, "schedule", false, at);
            SyncRun run = sync().claimRun("node-a", at, at.plusSeconds(30)).orElseThrow();
            if (k < 3) {
                sync().finishRun(ACME, JOB, run.id(), run.leaseVersion(), SyncRunStatus.SUCCEEDED, null,
                        at.plusSeconds(5));
            }
        }
        sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(40));

        assertThat(sync().runs(ACME, JOB, null, 2)).extracting(SyncRun::id).containsExactly(5L, 4L);
        assertThat(sync().runs(ACME, JOB, 4L, 10)).extracting(SyncRun::id).containsExactly(3L, 2L, 1L);

        assertThat(sync().deleteRuns(T0.plusSeconds(100), 1)).as("at most the limit").isOne();
        assertThat(sync().deleteRuns(T0.plusSeconds(16), 10)).as("ended before the cutoff").isOne();
        assertThat(sync().runs(ACME, JOB, null, 10)).extracting(SyncRun::id).containsExactly(5L, 4L, 3L);
        assertThat(sync().deleteRuns(T0.plusSeconds(1_000), 10)).isOne();
        assertThat(sync().runs(ACME, JOB, null, 10)).as("the running and the queued run stay")
                .extracting(SyncRun::status).containsExactly(SyncRunStatus.QUEUED, SyncRunStatus.RUNNING);

        SyncRun running = sync().run(ACME, JOB, 4).orElseThrow();
        sync().finishRun(ACME, JOB, 4, running.leaseVersion(), SyncRunStatus.SUCCEEDED, null,
                T0.plusSeconds(50));
        sync().deleteRuns(T0.plusSeconds(1_000), 10);
        assertThat(sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(60)).id())
                .as("the queued run, still").isEqualTo(5);
        SyncRun fifth = sync().claimRun("node-a", T0.plusSeconds(60), T0.plusSeconds(90)).orElseThrow();
        sync().finishRun(ACME, JOB, 5, fifth.leaseVersion(), SyncRunStatus.CANCELLED, null,
                T0.plusSeconds(61));
        sync().deleteRuns(T0.plusSeconds(1_000), 10);
        assertThat(sync().runs(ACME, JOB, null, 10)).isEmpty();
        assertThat(sync().enqueueRun(ACME, JOB, 1, "manual", false, T0.plusSeconds(70)).id())
                .as("ids are not used again after retention").isEqualTo(6);
    }
}
