package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recovery: a restarted engine, a worker that died mid-call, a store failure mid-run; nothing lost, nothing run twice. Every store runs it, through a
 * subclass that opens the store ({@link EngineFixture#openStore}).
 */
public abstract class RecoveryContract extends EngineFixture {
    @Test
    void aRestartedEngineContinuesWithoutRerunningCompletedSteps() throws Exception {
        String flow = """
                id: restart
                steps:
                  - {id: first, type: call, operation: test.record, with: {n: 1}}
                  - {id: decision, type: await, signal: go}
                  - {id: second, type: call, operation: test.record, with: {n: 2}}
                """;
        String id = weft.start(flow, "{}");
        weft.awaitParked(id);
        RecordingConnector connector = weft.connector;
        weft.close();
        store.close();

        store = openStore(dir);
        weft = new EngineHarness(store, connector, new MutableClock(), "test-worker-3", s -> s);
        weft.client.signal(EngineHarness.CALLER, id, "go", EngineHarness.json("{}"));
        assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(connector.calls()).extracting(c -> c.input().get("n").asInt()).containsExactly(1, 2);
    }

    @Test
    void aCallInFlightWhenItsWorkerDiedRunsAgainWithTheSameIdempotencyKey() throws Exception {
        String id = weft.start("""
                id: crash
                steps:
                  - {id: slow, type: call, operation: test.hold}
                """, "{}");
        assertThat(weft.connector.awaitHolding(20)).isTrue();
        assertThat(weft.stepsByPath(id).get("slow").status()).isEqualTo(StepStatus.RUNNING);
        RecordingConnector connector = weft.connector;
        // The first worker stops without recording anything more: as if killed.
        weft.close();
        connector.release();

        MutableClock later = new MutableClock();
        later.advance(Duration.ofMinutes(1)); // past the dead worker's lease
        weft = new EngineHarness(store, connector, later, "test-worker-4", s -> s);
        ExecutionRecord r = weft.awaitEnd(id);
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(connector.calls("test.hold")).hasSize(2)
                .extracting(RecordingConnector.Call::idempotencyKey).containsOnly(id + ":slow");
        Map<String, StepRecord> steps = weft.stepsByPath(id);
        assertThat(steps.get("slow").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void aCallRunAgainAfterItsWorkerDiedCountsAsASecondAttempt() throws Exception {
        String id = weft.start("""
                id: recount
                steps:
                  - {id: slow, type: call, operation: test.hold}
                """, "{}");
        assertThat(weft.connector.awaitHolding(20)).isTrue();
        RecordingConnector connector = weft.connector;
        weft.close(); // as if killed: nothing more is recorded
        connector.release();

        MutableClock later = new MutableClock();
        later.advance(Duration.ofMinutes(1)); // past the dead worker's lease
        weft = new EngineHarness(store, connector, later, "test-worker-6", s -> s);
        assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        assertThat(connector.calls("test.hold")).hasSize(2);
        assertThat(weft.stepsByPath(id).get("slow").attempt()).isEqualTo(2);
        assertThat(store.attempts(ExecutionStore.DEFAULT_TENANT, id))
                .extracting(StepAttempt::attempt, StepAttempt::outcome, StepAttempt::errorCode)
                .containsExactly(tuple(1, StepAttempt.Outcome.INTERRUPTED, "step.interrupted"));
        // The second attempt, which succeeded, is the step's row (no attempt row is written for a success).
        assertThat(weft.stepsByPath(id).get("slow").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void aRunningEngineTakesOverALeaseThatExpiresWhileItRuns() throws Exception {
        // Another worker dies mid-call; this engine is already running when its lease is still live, so
        // its first claim must leave it alone, and a later one (claims look for lost work every quarter
        // of a lease, not on every poll) must take it once the lease has expired.
        String id = weft.start("""
                id: takeover
                steps:
                  - {id: slow, type: call, operation: test.hold}
                """, "{}");
        assertThat(weft.connector.awaitHolding(20)).isTrue();
        RecordingConnector connector = weft.connector;
        weft.close();
        connector.release();

        MutableClock clock = new MutableClock();
        weft = new EngineHarness(store, connector, clock, "test-worker-5", s -> s);
        System.err
                .println("DIAG " + store.execution(dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT, id));
        // The claim loop reads the clock in every round: a few rounds while the dead worker's lease is live.
        long reads = clock.reads();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (clock.reads() < reads + 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(clock.reads()).as("claim rounds before the lease expires")
                .isGreaterThanOrEqualTo(reads + 3);
        assertThat(weft.store.execution(dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT, id).orElseThrow()
                .leaseOwner())
                .isNotEqualTo("test-worker-5");
        clock.advance(Duration.ofMinutes(1)); // past the lease
        assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(connector.calls("test.hold")).hasSize(2);
    }

    @Test
    void anExecutionWhoseRunFailedOnAStoreErrorIsHandedBackAndFinishes() throws Exception {
        weft.close();
        weft = new EngineHarness(new FailingOnceStore(store, "boom"), new RecordingConnector(),
                new MutableClock(),
                "test-worker-5", s -> s);
        ExecutionRecord r = weft.run("""
                id: survives
                steps:
                  - {id: one, type: transform, output: 1}
                  - {id: boom, type: transform, output: 2}
                  - {id: three, type: transform, output: "{{ one + boom }}"}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asInt()).isEqualTo(3);
    }
}
