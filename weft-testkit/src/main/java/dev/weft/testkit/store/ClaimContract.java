package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.create;
import static dev.weft.testkit.store.Fixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Claiming ready work under leases, and the fencing that a claim gives. */
interface ClaimContract extends StoreUnderTest {

    Duration LEASE = Duration.ofSeconds(30);
    Predicate<String> NOBODY_DEAD = owner -> false;

    private List<ExecutionRecord> claim(String owner, Instant now, int max) {
        return store().claim(new ClaimRequest(owner, now, LEASE, max, NOBODY_DEAD));
    }

    private static List<String> ids(List<ExecutionRecord> records) {
        return records.stream().map(ExecutionRecord::id).toList();
    }

    @Test
    default void claimsQueuedExecutionAndIncrementsItsLeaseVersion() {
        ExecutionRecord queued = execution("q").lease(null, null, 6).build();
        create(store(), queued);

        List<ExecutionRecord> claimed = claim("w1", T0, 10);

        ExecutionRecord expected = ExecutionBuilder.from(queued).lease("w1", T0.plus(LEASE), 7).build();
        assertThat(claimed).containsExactly(expected);
        assertThat(stored(store(), "q")).isEqualTo(expected);
    }

    @Test
    default void claimsWaitingExecutionOnlyOnceItIsDue() {
        create(store(),
                execution("later").status(ExecutionStatus.WAITING).dueAt(T0.plusSeconds(1)).build(),
                execution("now").status(ExecutionStatus.WAITING).dueAt(T0).build(),
                execution("signal-only").status(ExecutionStatus.WAITING).dueAt(null).build());

        assertThat(ids(claim("w1", T0, 10))).containsExactly("now");
        assertThat(ids(claim("w1", T0.plusSeconds(1), 10))).contains("later").doesNotContain("signal-only");
    }

    @Test
    default void doesNotClaimExecutionLeasedByAnotherLiveOwner() {
        create(store(),
                execution("r").status(ExecutionStatus.RUNNING).lease("w2", T0.plusSeconds(10), 3).build());

        assertThat(claim("w1", T0, 10)).isEmpty();
        assertThat(stored(store(), "r").leaseOwner()).isEqualTo("w2");
    }

    @Test
    default void claimsExecutionWhoseLeaseExpired() {
        create(store(),
                execution("r").status(ExecutionStatus.RUNNING).lease("w2", T0.minusMillis(1), 3).build());

        List<ExecutionRecord> claimed = claim("w1", T0, 10);

        assertThat(claimed).singleElement().satisfies(r -> {
            assertThat(r.leaseOwner()).isEqualTo("w1");
            assertThat(r.leaseUntil()).isEqualTo(T0.plus(LEASE));
            assertThat(r.leaseVersion()).isEqualTo(4);
        });
    }

    @Test
    default void claimsWorkOfADeadOwnerAtOnce() {
        create(store(),
                execution("r").status(ExecutionStatus.RUNNING).lease("w2", T0.plusSeconds(10), 3).build());

        List<ExecutionRecord> claimed = store().claim(new ClaimRequest("w1", T0, LEASE, 10, "w2"::equals));

        assertThat(claimed).extracting(ExecutionRecord::leaseOwner, ExecutionRecord::leaseVersion)
                .containsExactly(tuple("w1", 4L));
    }

    @Test
    default void aClaimWithoutLostWorkTakesWhatNobodyHoldsInOrder() {
        create(store(),
                execution("q1").build(),
                execution("held").status(ExecutionStatus.RUNNING).lease("w2", T0.plusSeconds(10), 3).build(),
                execution("handed-back").status(ExecutionStatus.RUNNING).lease(null, null, 2).build(),
                execution("q2").build(),
                execution("due").status(ExecutionStatus.WAITING).dueAt(T0).build(),
                execution("mine").status(ExecutionStatus.QUEUED).lease("w1", T0.plusSeconds(10), 1).build());

        List<ExecutionRecord> claimed = store()
                .claim(new ClaimRequest("w1", T0, LEASE, 10, NOBODY_DEAD, false));

        // Due work first, then running work nobody holds, then queued work first come, first served.
        assertThat(ids(claimed)).containsExactly("due", "handed-back", "q1", "q2");
        assertThat(claimed).allSatisfy(r -> assertThat(r.leaseOwner()).isEqualTo("w1"));
        assertThat(stored(store(), "held").leaseOwner()).isEqualTo("w2");
    }

    @Test
    default void ownerDoesNotClaimAgainWorkItAlreadyHolds() {
        // The owner is driving it; a second claim would bump the lease version and fence out its own
        // worker. Owner names are unique per process run, so a restarted process is another owner.
        create(store(),
                execution("r").status(ExecutionStatus.RUNNING).lease("w1", T0.plusSeconds(10), 3).build());

        assertThat(claim("w1", T0, 10)).isEmpty();
    }

    @Test
    default void claimTakesAtMostMax() {
        for (int i = 0; i < 5; i++) {
            create(store(), execution("q" + i).build());
        }

        List<ExecutionRecord> first = claim("w1", T0, 2);
        List<ExecutionRecord> rest = claim("w2", T0, 10);

        assertThat(first).hasSize(2);
        assertThat(rest).hasSize(3);
        assertThat(ids(rest)).doesNotContainAnyElementsOf(ids(first));
    }

    @Test
    default void neverClaimsTerminalExecutions() {
        create(store(),
                execution("s").status(ExecutionStatus.SUCCEEDED).dueAt(T0.minusSeconds(1)).build(),
                execution("f").status(ExecutionStatus.FAILED).build(),
                execution("c").status(ExecutionStatus.CANCELLED).lease("w2", T0.minusSeconds(1), 1).build());

        assertThat(claim("w1", T0, 10)).isEmpty();
    }

    @Test
    default void aClaimFencesOutTheFormerHolder() {
        create(store(), execution("q").build());
        ExecutionRecord byW1 = claim("w1", T0, 1).getFirst();
        Instant afterExpiry = T0.plus(LEASE).plusMillis(1);
        ExecutionRecord byW2 = claim("w2", afterExpiry, 1).getFirst();

        ExecutionRecord w1Done = ExecutionBuilder.from(byW1).status(ExecutionStatus.SUCCEEDED).build();
        ExecutionRecord w2Running = ExecutionBuilder.from(byW2).status(ExecutionStatus.RUNNING).build();
        List<Boolean> applied = store()
                .apply(List.of(Transition.update(w1Done, byW1.leaseVersion(), List.of()),
                        Transition.update(w2Running, byW2.leaseVersion(), List.of())));

        assertThat(byW2.leaseVersion()).isGreaterThan(byW1.leaseVersion());
        assertThat(applied).containsExactly(false, true);
        assertThat(stored(store(), "q").status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    default void renewLeasesExtendsOnlyTheOwnersLeases() {
        create(store(), execution("a").build(), execution("b").build());
        claim("w1", T0, 1);
        claim("w2", T0, 1);
        String w1Holds = stored(store(), "a").leaseOwner().equals("w1") ? "a" : "b";
        String w2Holds = w1Holds.equals("a") ? "b" : "a";
        long w1Version = stored(store(), w1Holds).leaseVersion();

        store().renewLeases("w1", List.of("a", "b"), T0.plusSeconds(90));

        assertThat(stored(store(), w1Holds).leaseUntil()).isEqualTo(T0.plusSeconds(90));
        assertThat(stored(store(), w1Holds).leaseVersion()).isEqualTo(w1Version);
        assertThat(stored(store(), w2Holds).leaseUntil()).isEqualTo(T0.plus(LEASE));
    }

    @Test
    default void renewedLeaseKeepsOtherOwnersAway() {
        create(store(), execution("q").build());
        claim("w1", T0, 1);
        store().renewLeases("w1", List.of("q"), T0.plusSeconds(90));

        assertThat(claim("w2", T0.plus(LEASE).plusSeconds(1), 10)).isEmpty();
    }

    @Test
    default void leasesNotListedForRenewalExpire() {
        // A worker renews only what it is driving; the lease of a run that died must run out.
        create(store(), execution("kept").build(), execution("dropped").build());
        claim("w1", T0, 2);
        store().renewLeases("w1", List.of("kept"), T0.plusSeconds(90));

        assertThat(claim("w2", T0.plus(LEASE).plusSeconds(1), 10)).extracting(ExecutionRecord::id)
                .containsExactly("dropped");
    }
}
