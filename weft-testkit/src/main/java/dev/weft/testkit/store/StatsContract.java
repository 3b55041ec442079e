package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStats;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a window of a tenant's executions adds up to: counts per bucket, failing flows, slowest steps. */
interface StatsContract extends StoreUnderTest {

    private void created(ExecutionRecord e, StepRecord... steps) {
        assertThat(
                store().apply(List.of(new Transition(Transition.Kind.CREATE, e, 0, List.of(steps), List.of(),
                        List.of(), List.of()))))
                .containsExactly(true);
    }

    private static StepRecord step(String executionId, String id, String type, long startMillis,
            long tookMillis) {
        Instant start = T0.plusMillis(startMillis);
        return new StepRecord(executionId, id, id, type, StepStatus.SUCCEEDED, 1, null, null, null, null,
                start,
                start.plusMillis(tookMillis), null, 1);
    }

    private ExecutionStats stats(Instant from, Instant to, Duration bucket, int top) {
        return store().stats(new ExecutionStats.Query(TENANT, from, to, bucket, top));
    }

    @Test
    default void executionsAreCountedByStatusInTheBucketOfTheirCreation() {
        created(execution("a").status(ExecutionStatus.SUCCEEDED).createdAt(T0).build());
        created(execution("b").status(ExecutionStatus.FAILED).createdAt(T0.plusSeconds(59)).build());
        created(execution("c").status(ExecutionStatus.SUCCEEDED).createdAt(T0.plusSeconds(130)).build());
        created(execution("d").status(ExecutionStatus.WAITING).createdAt(T0.plusSeconds(130)).build());
        created(execution("before").status(ExecutionStatus.FAILED).createdAt(T0.minusMillis(1)).build());
        created(execution("at-end").status(ExecutionStatus.FAILED).createdAt(T0.plusSeconds(180)).build());
        created(execution("other").tenant("globex").status(ExecutionStatus.FAILED).createdAt(T0).build());

        ExecutionStats s = stats(T0, T0.plusSeconds(180), Duration.ofMinutes(1), 10);

        assertThat(s.buckets()).containsExactly(
                new ExecutionStats.StatusCount(0, ExecutionStatus.FAILED, 1),
                new ExecutionStats.StatusCount(0, ExecutionStatus.SUCCEEDED, 1),
                new ExecutionStats.StatusCount(2, ExecutionStatus.SUCCEEDED, 1),
                new ExecutionStats.StatusCount(2, ExecutionStatus.WAITING, 1));
    }

    @Test
    default void flowsThatFailedAreRankedByTheirFailureRateAmongThoseThatEnded() {
        List<ExecutionRecord> all = new ArrayList<>();
        // orders: 1 failed of 4 ended (one still running is not counted in the rate); refunds: 2 of 2; ship: none.
        all.add(execution("o1").flow("shop", "orders", 1).status(ExecutionStatus.FAILED).createdAt(T0)
                .build());
        for (int i = 2; i <= 4; i++) {
            all.add(execution("o" + i).flow("shop", "orders", 1).status(ExecutionStatus.SUCCEEDED)
                    .createdAt(T0)
                    .build());
        }
        all.add(execution("o5").flow("shop", "orders", 1).status(ExecutionStatus.RUNNING).createdAt(T0)
                .build());
        all.add(execution("r1").flow("shop", "refunds", 1).status(ExecutionStatus.FAILED).createdAt(T0)
                .build());
        all.add(execution("r2").flow("shop", "refunds", 2).status(ExecutionStatus.FAILED).createdAt(T0)
                .build());
        all.add(execution("s1").flow("shop", "ship", 1).status(ExecutionStatus.SUCCEEDED).createdAt(T0)
                .build());
        all.add(execution("late").flow("shop", "ship", 1).status(ExecutionStatus.FAILED)
                .createdAt(T0.plusSeconds(3600)).build());
        all.forEach(this::created);

        ExecutionStats s = stats(T0, T0.plusSeconds(60), Duration.ofMinutes(1), 10);

        assertThat(s.failingFlows()).containsExactly(
                new ExecutionStats.FlowOutcomes("shop", "refunds", 2, 0, 2, 0),
                new ExecutionStats.FlowOutcomes("shop", "orders", 5, 3, 1, 0));
        assertThat(s.failingFlows().get(1).failureRate()).isEqualTo(0.25);
        assertThat(stats(T0, T0.plusSeconds(60), Duration.ofMinutes(1), 1).failingFlows()).hasSize(1);
    }

    @Test
    default void theSlowestStepsAreThoseWhoseLongestRunWasLongestLeavingOutWaitsAndContainers() {
        created(execution("e1").flow("shop", "orders", 1).status(ExecutionStatus.SUCCEEDED).createdAt(T0)
                .build(),
                step("e1", "fetch", "call", 0, 100), step("e1", "charge", "call", 100, 900),
                step("e1", "approval", "await", 1000, 86_400_000), step("e1", "each", "foreach", 0, 5000));
        created(execution("e2").flow("shop", "orders", 1).status(ExecutionStatus.SUCCEEDED).createdAt(T0)
                .build(),
                step("e2", "fetch", "call", 0, 300), step("e2", "charge", "call", 300, 100));
        created(execution("old").flow("shop", "orders", 1).status(ExecutionStatus.SUCCEEDED)
                .createdAt(T0.minusSeconds(60)).build(), step("old", "fetch", "call", 0, 50_000));
        created(execution("x1").tenant("globex").flow("shop", "orders", 1).status(ExecutionStatus.SUCCEEDED)
                .createdAt(T0).build(), step("x1", "fetch", "call", 0, 70_000));

        ExecutionStats s = stats(T0, T0.plusSeconds(60), Duration.ofMinutes(1), 10);

        assertThat(s.slowSteps()).containsExactly(
                new ExecutionStats.StepDurations("shop", "orders", "charge", 2, 500, 900),
                new ExecutionStats.StepDurations("shop", "orders", "fetch", 2, 200, 300));
        assertThat(stats(T0, T0.plusSeconds(60), Duration.ofMinutes(1), 1).slowSteps()).hasSize(1);
    }
}
