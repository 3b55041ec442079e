package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Durable timers and signals: wait, await with and without timeout, signals that arrive early, or while calls run. Every store runs it, through a
 * subclass that opens the store ({@link EngineFixture#openStore}).
 */
public abstract class TimeAndSignalContract extends EngineFixture {
    @Test
    void waitFiresAtItsRecordedDueTime() throws Exception {
        String id = weft.start("""
                id: pause
                steps:
                  - {id: nap, type: wait, duration: 4h}
                  - {id: done, type: transform, output: woke}
                """, "{}");
        weft.awaitParked(id);
        StepRecord nap = weft.stepsByPath(id).get("nap");
        assertThat(nap.status()).isEqualTo(StepStatus.WAITING);
        assertThat(Duration.between(nap.startedAt(), nap.dueAt())).isEqualTo(Duration.ofHours(4));
        assertThat(store.execution(ExecutionStore.DEFAULT_TENANT, id).orElseThrow().status())
                .isEqualTo(ExecutionStatus.WAITING);

        weft.clock.advance(Duration.ofHours(4));
        weft.engine.wake();
        assertThat(weft.awaitEnd(id).output().asText()).isEqualTo("woke");
    }

    @Test
    void awaitResumesOnItsSignalWithTheSignalData() throws Exception {
        String id = weft.start("""
                id: approve
                steps:
                  - {id: decision, type: await, signal: decision, timeout: 72h}
                  - {id: result, type: transform, output: "{{ decision.approved }}"}
                """, "{}");
        weft.awaitParked(id);
        org.assertj.core.api.Assertions
                .assertThatThrownBy(
                        () -> weft.client.signal(EngineHarness.CALLER, id, "other", EngineHarness.json("{}")))
                .isInstanceOf(dev.weft.engine.UnknownSignalException.class)
                .hasMessageContaining("no await step for signal 'other'")
                .hasMessageContaining("awaits 'decision'");
        assertThat(weft.client.signal(EngineHarness.CALLER, id, "decision",
                EngineHarness.json("{\"approved\": true}"))).isTrue();
        ExecutionRecord r = weft.awaitEnd(id);
        assertThat(r.output().asBoolean()).isTrue();
    }

    @Test
    void signalSentBeforeTheAwaitIsKeptUntilTheAwaitConsumesIt() throws Exception {
        String id = weft.start("""
                id: early
                steps:
                  - {id: nap, type: wait, duration: 1h}
                  - {id: decision, type: await, signal: go}
                  - {id: result, type: transform, output: "{{ decision.v }}"}
                """, "{}");
        weft.awaitParked(id);
        weft.client.signal(EngineHarness.CALLER, id, "go", EngineHarness.json("{\"v\": 7}"));
        weft.clock.advance(Duration.ofHours(1));
        weft.engine.wake();
        assertThat(weft.awaitEnd(id).output().asInt()).isEqualTo(7);
    }

    @Test
    void awaitFailsAtItsTimeout() throws Exception {
        String id = weft.start("""
                id: late
                steps:
                  - {id: decision, type: await, signal: decision, timeout: 1h}
                """, "{}");
        weft.awaitParked(id);
        weft.clock.advance(Duration.ofHours(1));
        weft.engine.wake();
        ExecutionRecord r = weft.awaitEnd(id);
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("code").asText()).isEqualTo("await.timeout");
    }

    @Test
    void oneSignalResumesOneAwait() throws Exception {
        String id = weft.start("""
                id: two
                steps:
                  - id: fan
                    type: parallel
                    branches:
                      - {id: a, steps: [{id: wa, type: await, signal: go}]}
                      - {id: b, steps: [{id: wb, type: await, signal: go}]}
                """, "{}");
        weft.awaitParked(id);
        weft.client.signal(EngineHarness.CALLER, id, "go", EngineHarness.json("{\"n\": 1}"));
        weft.awaitParked(id);
        assertThat(weft.steps(id)).filteredOn(s -> s.path().endsWith("/wa") || s.path().endsWith("/wb"))
                .extracting(StepRecord::status)
                .containsExactlyInAnyOrder(StepStatus.SUCCEEDED, StepStatus.WAITING);

        weft.client.signal(EngineHarness.CALLER, id, "go", EngineHarness.json("{\"n\": 2}"));
        ExecutionRecord r = weft.awaitEnd(id);
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().toString()).contains("1").contains("2");
    }

    @Test
    void aSignalIsTakenWhileASiblingCallIsStillRunning() throws Exception {
        try {
            String id = weft.start("""
                    id: meanwhile
                    steps:
                      - id: fan
                        type: parallel
                        branches:
                          - {id: a, steps: [{id: slow, type: call, operation: test.hold}]}
                          - {id: b, steps: [{id: approval, type: await, signal: go}]}
                    """, "{}");
            assertThat(weft.connector.awaitHolding(20)).isTrue();
            weft.client.signal(EngineHarness.CALLER, id, "go", EngineHarness.json("{}"));
            assertThat(weft.awaitStep(id, "fan/b/approval", StepStatus.SUCCEEDED)).isTrue();
            assertThat(weft.stepsByPath(id).get("fan/a/slow").status()).isEqualTo(StepStatus.RUNNING);
            weft.connector.release();
            assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        } finally {
            weft.connector.release();
        }
    }

    @Test
    void aSignalNameNoAwaitCanHaveIsRefusedWithTheRule() throws Exception {
        String id = weft.start("""
                id: named
                steps:
                  - {id: decision, type: await, signal: go}
                """, "{}");
        weft.awaitParked(id);
        org.assertj.core.api.Assertions
                .assertThatThrownBy(() -> weft.client.signal(EngineHarness.CALLER, id, "$wake",
                        EngineHarness.json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signal name").hasMessageContaining("$wake");
        assertThat(store.signals(ExecutionStore.DEFAULT_TENANT, id)).isEmpty();
    }
}
