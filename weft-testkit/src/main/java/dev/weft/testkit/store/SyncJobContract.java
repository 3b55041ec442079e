package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.sha256;
import static dev.weft.testkit.store.SyncFixtures.ACME;
import static dev.weft.testkit.store.SyncFixtures.GLOBEX;
import static dev.weft.testkit.store.SyncFixtures.JOB;
import static dev.weft.testkit.store.SyncFixtures.SOURCE;
import static dev.weft.testkit.store.SyncFixtures.batch;
import static dev.weft.testkit.store.SyncFixtures.conflict;
import static dev.weft.testkit.store.SyncFixtures.deploy;
import static dev.weft.testkit.store.SyncFixtures.failure;
import static dev.weft.testkit.store.SyncFixtures.link;
import static dev.weft.testkit.store.SyncFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs: deployed by their text, listed, paused, deleted with everything they hold, and kept per tenant. */
interface SyncJobContract extends StorageUnderTest {

    private SyncStore sync() {
        return storage().sync();
    }

    @Test
    default void deployingTheSameTextKeepsTheVersionAndAChangedTextTakesTheNext() {
        SyncJobRecord first = deploy(sync(), ACME, JOB);
        assertThat(first).isEqualTo(new SyncJobRecord(ACME, JOB, 1, SOURCE, sha256(SOURCE), true, T0, T0));

        SyncJobRecord again = sync().deployJob(ACME, JOB, SOURCE, sha256(SOURCE), T0.plusSeconds(5));
        assertThat(again).as("the same text again").isEqualTo(first);

        String changed = SOURCE + "batchSize: 500\n";
        SyncJobRecord second = sync().deployJob(ACME, JOB, changed, sha256(changed), T0.plusSeconds(9));
        assertThat(second).isEqualTo(
                new SyncJobRecord(ACME, JOB, 2, changed, sha256(changed), true, T0, T0.plusSeconds(9)));
        assertThat(sync().job(ACME, JOB)).contains(second);
        assertThat(sync().job(ACME, "orders")).isEmpty();
    }

    @Test
    default void jobsAreListedByIdAndOnlyEnabledOnesOfEveryTenantAreScheduled() {
        deploy(sync(), ACME, "orders");
        deploy(sync(), ACME, JOB);
        deploy(sync(), GLOBEX, JOB);

        assertThat(sync().jobs(ACME)).extracting(SyncJobRecord::id).containsExactly(JOB, "orders");
        assertThat(sync().setEnabled(ACME, "orders", false, T0.plusSeconds(1))).isTrue();
        assertThat(sync().setEnabled(ACME, "missing", false, T0.plusSeconds(1))).isFalse();

        SyncJobRecord paused = sync().job(ACME, "orders").orElseThrow();
        assertThat(paused.enabled()).isFalse();
        assertThat(paused.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(sync().enabledJobs()).extracting(j -> j.tenantId() + "/" + j.id())
                .containsExactly(ACME + "/" + JOB, GLOBEX + "/" + JOB);
        assertThat(sync().setEnabled(ACME, "orders", true, T0.plusSeconds(2))).isTrue();
        assertThat(sync().enabledJobs()).hasSize(3);
    }

    @Test
    default void deletingAJobDeletesEverythingItHoldsAndItsRunningRunCannotCommit() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        assertThat(
                sync().commitBatch(batch(run).links(link(1, T0)).cursors(Map.of(SyncSide.LEFT, "{\"at\":1}"))
                        .failed(failure(SyncSide.LEFT, "[2]", "sync.mapping", T0))
                        .conflicts(conflict(ACME, "cfl_1", "[3]", T0)).build(), T0))
                .isTrue();
        deploy(sync(), ACME, "orders");
        sync().enqueueRun(ACME, "orders", 1, "manual", false, T0);

        assertThat(sync().deleteJob(ACME, JOB)).isTrue();

        assertThat(sync().job(ACME, JOB)).isEmpty();
        assertThat(sync().linkCount(ACME, JOB)).isZero();
        assertThat(sync().cursor(ACME, JOB, SyncSide.LEFT)).isEmpty();
        assertThat(sync().failureCount(ACME, JOB)).isZero();
        assertThat(sync().conflicts(ACME, JOB, null, null, 10)).isEmpty();
        assertThat(sync().runs(ACME, JOB, null, 10)).isEmpty();
        assertThat(sync().commitBatch(batch(run).links(link(4, T0)).build(), T0)).as("the deleted job's run")
                .isFalse();
        assertThat(sync().linkCount(ACME, JOB)).isZero();
        assertThat(sync().deleteJob(ACME, JOB)).as("deleted already").isFalse();
        assertThat(sync().runs(ACME, "orders", null, 10)).as("another job's runs").hasSize(1);
    }

    @Test
    default void anotherTenantSeesAndChangesNothingOfAJob() {
        SyncRun run = running(sync(), ACME, "node-a", T0);
        assertThat(
                sync().commitBatch(batch(run).links(link(1, T0)).cursors(Map.of(SyncSide.RIGHT, "{\"at\":1}"))
                        .failed(failure(SyncSide.RIGHT, "[\"r2\"]", "erp.refused", T0))
                        .conflicts(conflict(ACME, "cfl_1", "[3]", T0)).build(), T0))
                .isTrue();

        assertThat(sync().job(GLOBEX, JOB)).isEmpty();
        assertThat(sync().jobs(GLOBEX)).isEmpty();
        assertThat(sync().linksByLeft(GLOBEX, JOB, List.of("[1]"))).isEmpty();
        assertThat(sync().linksByRight(GLOBEX, JOB, List.of("[\"r1\"]"))).isEmpty();
        assertThat(sync().links(GLOBEX, JOB, null, 10)).isEmpty();
        assertThat(sync().linkCount(GLOBEX, JOB)).isZero();
        assertThat(sync().cursor(GLOBEX, JOB, SyncSide.RIGHT)).isEmpty();
        assertThat(sync().run(GLOBEX, JOB, run.id())).isEmpty();
        assertThat(sync().runs(GLOBEX, JOB, null, 10)).isEmpty();
        assertThat(sync().failures(GLOBEX, JOB, null, null, 10)).isEmpty();
        assertThat(sync().failureCount(GLOBEX, JOB)).isZero();
        assertThat(sync().conflicts(GLOBEX, JOB, null, null, 10)).isEmpty();
        assertThat(sync().conflict(GLOBEX, JOB, "cfl_1")).isEmpty();
        assertThat(sync().openConflictCount(GLOBEX, JOB)).isZero();
        assertThat(sync().resolveConflict(GLOBEX, JOB, "cfl_1", "{\"take\":\"left\"}", "mallory", T0))
                .isEmpty();
        assertThat(sync().setEnabled(GLOBEX, JOB, false, T0)).isFalse();
        assertThat(sync().renewRun(GLOBEX, JOB, run.id(), run.leaseVersion(), T0.plusSeconds(60))).isFalse();
        assertThat(sync().commitBatch(batch(run).links(link(9, T0)).inTenant(GLOBEX), T0))
                .as("the run's batch in the other tenant's name").isFalse();
        assertThatThrownBy(() -> sync().enqueueRun(GLOBEX, JOB, 1, "manual", false, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JOB)
                .hasMessageContaining(GLOBEX);
        sync().resetCursors(GLOBEX, JOB);
        assertThat(sync().deleteJob(GLOBEX, JOB)).isFalse();

        assertThat(sync().job(ACME, JOB)).isPresent();
        assertThat(sync().linkCount(ACME, JOB)).isOne();
        assertThat(sync().cursor(ACME, JOB, SyncSide.RIGHT)).contains("{\"at\":1}");
        assertThat(sync().failureCount(ACME, JOB)).isOne();
        assertThat(sync().openConflictCount(ACME, JOB)).isOne();
    }
}
