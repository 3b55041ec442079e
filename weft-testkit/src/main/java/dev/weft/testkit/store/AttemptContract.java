package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static dev.weft.testkit.store.Fixtures.create;
import static dev.weft.testkit.store.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step attempts: written with their transition, kept across a retry's removed steps, read in order. */
interface AttemptContract extends StoreUnderTest {

    private static StepAttempt failed(String executionId, String path, int attempt, Integer status) {
        return new StepAttempt(executionId, path, path, "call", attempt, StepAttempt.Outcome.FAILED,
                T0.plusSeconds(attempt), T0.plusSeconds(attempt).plusMillis(250), "http.status",
                "the target answered 503", true, status);
    }

    private static Transition withAttempts(ExecutionRecord e, long leaseVersion, List<String> removed,
            StepAttempt... attempts) {
        return new Transition(Transition.Kind.UPDATE, e, leaseVersion,
                List.of(step(e.id(), "fetch", StepStatus.RUNNING, 1)), List.of(), List.of(), removed,
                List.of(attempts), List.of());
    }

    @Test
    default void attemptsReadBackWithEveryFieldInTheOrderTheyWereWritten() {
        ExecutionRecord e = execution("e-1").build();
        create(store(), e);
        StepAttempt first = failed("e-1", "fetch", 1, 503);
        StepAttempt interrupted = new StepAttempt("e-1", "fetch", "fetch", "call", 2,
                StepAttempt.Outcome.INTERRUPTED, T0.plusSeconds(2), T0.plusSeconds(90), "step.interrupted",
                "the process running it stopped", true, null);
        StepAttempt succeeded = new StepAttempt("e-1", "fetch", "fetch", "call", 3,
                StepAttempt.Outcome.SUCCEEDED, T0.plusSeconds(91), T0.plusSeconds(92), null, null, null, 200);

        store().apply(List.of(withAttempts(e, 0, List.of(), first)));
        store().apply(List.of(withAttempts(e, 0, List.of(), interrupted, succeeded)));

        assertThat(store().attempts(TENANT, "e-1")).containsExactly(first, interrupted, succeeded);
        assertThat(store().attempts(TENANT, "other")).isEmpty();
    }

    @Test
    default void attemptsOfARefusedTransitionAreNotWritten() {
        ExecutionRecord e = execution("e-1").status(ExecutionStatus.RUNNING).lease("w1", T0, 3).build();
        ExecutionRecord other = execution("e-2").status(ExecutionStatus.RUNNING).lease("w1", T0, 1).build();
        create(store(), e, other);

        List<Boolean> applied = store()
                .apply(List.of(withAttempts(e, 2, List.of(), failed("e-1", "fetch", 1, 503)),
                        withAttempts(other, 1, List.of(), failed("e-2", "fetch", 1, null))));

        assertThat(applied).containsExactly(false, true);
        assertThat(store().attempts(TENANT, "e-1")).isEmpty();
        assertThat(store().attempts(TENANT, "e-2")).containsExactly(failed("e-2", "fetch", 1, null));
    }

    @Test
    default void attemptsStayWhenTheirStepRowIsRemoved() {
        ExecutionRecord e = execution("e-1").build();
        create(store(), e);
        store().apply(List.of(withAttempts(e, 0, List.of(), failed("e-1", "fetch", 1, 500))));

        // A retry of the execution forgets the failed step; its next run starts again from attempt 1.
        store().apply(List.of(withAttempts(e, 0, List.of("fetch"), failed("e-1", "fetch", 1, 502))));

        assertThat(store().attempts(TENANT, "e-1"))
                .extracting(StepAttempt::attempt, StepAttempt::targetStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500),
                        org.assertj.core.groups.Tuple.tuple(1, 502));
    }

    @Test
    default void attemptsBelongToTheirTenant() {
        ExecutionRecord mine = execution("e-1").build();
        ExecutionRecord theirs = execution("e-1").tenant("other").build();
        create(store(), mine, theirs);

        store().apply(List.of(withAttempts(theirs, 0, List.of(), failed("e-1", "fetch", 1, 404))));

        assertThat(store().attempts(TENANT, "e-1")).isEmpty();
        assertThat(store().attempts("other", "e-1")).hasSize(1);
    }
}
