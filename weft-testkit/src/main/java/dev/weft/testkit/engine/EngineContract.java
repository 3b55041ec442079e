package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine does with each step type, on a given store. Every store runs it
 * ({@code SqliteEngineTest}, later PostgreSQL), so engine behaviour is proven on real databases.
 */
public abstract class EngineContract {
    @TempDir
    protected Path dir;
    protected ExecutionStore store;
    protected EngineHarness weft;

    /** A new store on {@code dir}; called again to reopen after a simulated restart. */
    protected abstract ExecutionStore openStore(Path dir);

    @BeforeEach
    void open() {
        store = openStore(dir);
        weft = EngineHarness.on(store);
    }

    @AfterEach
    void closeAll() {
        weft.close();
        store.close();
    }

    @Test
    void transformStepsSeeEarlierOutputsByStepId() throws Exception {
        ExecutionRecord r = weft.run("""
                id: chain
                input: {type: object, required: [n]}
                steps:
                  - {id: a, type: transform, output: "{{ input.n + 1 }}"}
                  - {id: b, type: transform, output: "{{ a * 2 }}"}
                  - {id: c, type: transform, output: {total: "{{ b }}", label: "n={{ input.n }}"}}
                """, "{\"n\": 4}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().toString()).isEqualTo("{\"total\":10,\"label\":\"n=4\"}");
    }

    @Test
    void listenersHearEveryStepStartAndEndAfterItIsCommitted() throws Exception {
        weft.run("""
                id: heard
                steps:
                  - {id: a, type: transform, output: 1}
                  - {id: b, type: call, operation: test.record}
                  - {id: c, type: transform, output: 2, if: "{{ false }}"}
                """, "{}");
        assertThat(weft.events).containsExactly("> a", "< a succeeded", "> b", "< b succeeded", "> c",
                "< c skipped");
    }

    @Test
    void switchTakesTheFirstMatchingCaseOrTheDefault() throws Exception {
        String flow = """
                id: route
                steps:
                  - id: pick
                    type: switch
                    cases:
                      - {when: "{{ input.amount > 100 }}", next: big}
                    default: small
                  - {id: big, type: transform, output: big, next: end}
                  - {id: small, type: transform, output: small}
                """;
        assertThat(weft.run(flow, "{\"amount\": 500}").output().asText()).isEqualTo("big");
        assertThat(weft.run(flow, "{\"amount\": 5}").output().asText()).isEqualTo("small");
    }

    @Test
    void stepWhoseIfIsFalseIsSkipped() throws Exception {
        ExecutionRecord r = weft.run("""
                id: skip
                steps:
                  - {id: maybe, type: call, operation: test.record, if: "{{ input.go }}"}
                  - {id: after, type: transform, output: "{{ $exists(maybe) ? 'ran' : 'skipped' }}"}
                """, "{\"go\": false}");
        assertThat(weft.stepsByPath(r.id()).get("maybe").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(weft.connector.calls()).isEmpty();
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void parallelBranchesJoinBeforeNext() throws Exception {
        ExecutionRecord r = weft.run(
                """
                        id: fan
                        steps:
                          - id: both
                            type: parallel
                            branches:
                              - id: left
                                steps: [{id: l1, type: call, operation: test.record, with: {side: left, pauseMillis: 50}}]
                              - id: right
                                steps: [{id: r1, type: call, operation: test.record, with: {side: right, pauseMillis: 50}}]
                          - {id: join, type: transform, output: "{{ both.left.input.side & '+' & both.right.input.side }}"}
                        """,
                "{}");
        assertThat(r.output().asText()).isEqualTo("left+right");
        assertThat(weft.connector.maxInFlight()).isEqualTo(2);
        assertThat(weft.stepsByPath(r.id())).containsKeys("both/left/l1", "both/right/r1");
    }

    @Test
    void foreachRunsItsStepsPerItemWithBoundedConcurrency() throws Exception {
        ExecutionRecord r = weft.run(
                """
                        id: each
                        steps:
                          - id: loop
                            type: foreach
                            items: "{{ input.items }}"
                            concurrency: 2
                            steps:
                              - {id: call, type: call, operation: test.record, with: {n: "{{ item }}", pauseMillis: 30}}
                              - {id: square, type: transform, output: "{{ call.input.n * call.input.n }}"}
                        """,
                "{\"items\": [1, 2, 3, 4, 5]}");
        assertThat(r.output().toString()).isEqualTo("[1,4,9,16,25]");
        assertThat(weft.connector.calls()).hasSize(5);
        assertThat(weft.connector.maxInFlight()).isLessThanOrEqualTo(2);
    }

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
        assertThat(weft.engine.signal(id, "other", EngineHarness.json("{}"))).isTrue();
        assertThat(weft.engine.signal(id, "decision", EngineHarness.json("{\"approved\": true}"))).isTrue();
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
        weft.engine.signal(id, "go", EngineHarness.json("{\"v\": 7}"));
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
    void subflowRunsTheChildFlowAndReturnsItsOutput() throws Exception {
        weft.deploy("""
                id: child
                namespace: lib
                steps:
                  - {id: double, type: transform, output: "{{ input.n * 2 }}"}
                """);
        ExecutionRecord r = weft.run("""
                id: parent
                steps:
                  - {id: sub, type: subflow, flow: lib/child, input: {n: "{{ input.n }}"}}
                  - {id: plus, type: transform, output: "{{ sub + 1 }}"}
                """, "{\"n\": 20}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asInt()).isEqualTo(41);
    }

    @Test
    void subflowInputIsCheckedAgainstTheChildSchemaBeforeTheChildStarts() throws Exception {
        weft.deploy("""
                id: strict
                namespace: lib
                input: {type: object, required: [n]}
                steps:
                  - {id: a, type: transform, output: ok}
                """);
        ExecutionRecord r = weft.run("""
                id: caller
                steps:
                  - {id: sub, type: subflow, flow: lib/strict, input: {m: 1}}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("code").asText()).isEqualTo("subflow.input");
        assertThat(r.error().get("message").asText()).contains("n");
        assertThat(store.executions(dev.weft.engine.store.ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT)))
                .hasSize(1);
    }

    @Test
    void failStepFailsTheExecutionWithItsMessage() throws Exception {
        ExecutionRecord r = weft.run(
                """
                        id: stop
                        steps:
                          - {id: stop-here, type: fail, message: "amount {{ input.amount }} is too large", code: too.large}
                        """,
                "{\"amount\": 9}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("message").asText()).isEqualTo("amount 9 is too large");
        assertThat(r.error().get("code").asText()).isEqualTo("too.large");
    }

    @Test
    void retryableFailuresAreRetriedWithTheSameIdempotencyKey() throws Exception {
        ExecutionRecord r = weft.run("""
                id: flaky
                steps:
                  - id: call
                    type: call
                    operation: test.fail
                    with: {times: 2}
                    retry: {maxAttempts: 3, backoff: exponential, initial: 10ms, max: 50ms}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().get("succeededOnCall").asInt()).isEqualTo(3);
        var calls = weft.connector.calls("test.fail");
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(RecordingConnector.Call::idempotencyKey).containsOnly(r.id() + ":call");
        assertThat(weft.stepsByPath(r.id()).get("call").attempt()).isEqualTo(3);
    }

    @Test
    void retriesStopAtMaxAttempts() throws Exception {
        ExecutionRecord r = weft.run("""
                id: down
                steps:
                  - {id: call, type: call, operation: test.fail, retry: {maxAttempts: 2, initial: 5ms}}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(weft.connector.calls()).hasSize(2);
        assertThat(r.error().get("code").asText()).isEqualTo("test.unavailable");
    }

    @Test
    void permanentFailuresAreNotRetried() throws Exception {
        ExecutionRecord r = weft.run(
                """
                        id: refused
                        steps:
                          - {id: call, type: call, operation: test.fail, with: {permanent: true}, retry: {maxAttempts: 5, initial: 5ms}}
                        """,
                "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(weft.connector.calls()).hasSize(1);
    }

    @Test
    void stepOnErrorRoutesToItsHandlerWhichSeesTheError() throws Exception {
        ExecutionRecord r = weft.run("""
                id: recover
                steps:
                  - {id: call, type: call, operation: test.fail, with: {permanent: true}, onError: fallback}
                  - {id: fine, type: transform, output: unreachable}
                  - {id: fallback, type: transform, output: "recovered from {{ error.code }}"}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("recovered from test.refused");
        assertThat(weft.stepsByPath(r.id())).doesNotContainKey("fine");
    }

    @Test
    void flowOnErrorRunsTheHandlerAndTheExecutionStillFails() throws Exception {
        ExecutionRecord r = weft.run(
                """
                        id: notify
                        steps:
                          - {id: call, type: call, operation: test.fail, with: {permanent: true}}
                          - {id: tell, type: call, operation: test.record, with: {text: "failed: {{ error.message }}"}}
                        onError: tell
                        """,
                "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("handled").asBoolean()).isTrue();
        assertThat(weft.connector.calls("test.record")).singleElement()
                .satisfies(c -> assertThat(c.input().get("text").asText())
                        .isEqualTo("failed: refused on call 1"));
    }

    @Test
    void unhandledFailureCompensatesCompletedStepsInReverseOrder() throws Exception {
        ExecutionRecord r = weft.run("""
                id: onboard
                steps:
                  - id: crm
                    type: call
                    operation: test.record
                    with: {create: contact}
                    compensate: {type: call, operation: test.record, with: {undo: "{{ crm.input.create }}"}}
                  - id: erp
                    type: call
                    operation: test.record
                    with: {create: customer}
                    compensate: {type: call, operation: test.record, with: {undo: "{{ erp.input.create }}"}}
                  - {id: mail, type: call, operation: test.fail, with: {permanent: true}}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(weft.connector.calls("test.record")).extracting(c -> c.input().toString())
                .containsExactly("{\"create\":\"contact\"}", "{\"create\":\"customer\"}",
                        "{\"undo\":\"customer\"}", "{\"undo\":\"contact\"}");
        assertThat(r.error().get("compensated")).hasSize(2);
    }

    @Test
    void largeOutputsAreStoredOutOfLineAndReadBack() throws Exception {
        weft.close();
        weft = new EngineHarness(store, new RecordingConnector(), new MutableClock(), "test-worker-2",
                s -> new dev.weft.engine.EngineSettings(s.lease(), s.pollInterval(),
                        s.maxConcurrentExecutions(), 1024,
                        s.defaultStepTimeout(), s.subflowPoll()));
        ExecutionRecord r = weft.run("""
                id: big
                steps:
                  - {id: blob, type: call, operation: test.large, with: {size: 5000}}
                  - {id: size, type: transform, output: "{{ $length(blob) }}"}
                """, "{}");
        StepRecord blob = weft.stepsByPath(r.id()).get("blob");
        assertThat(blob.output()).isNull();
        assertThat(blob.outputRef()).hasSize(64);
        assertThat(r.output().asInt()).isEqualTo(5000);
    }

    @Test
    void aCallThatOutlivesItsTimeoutFailsTheStep() throws Exception {
        try {
            ExecutionRecord r = weft.run("""
                    id: stuck
                    steps:
                      - {id: slow, type: call, operation: test.hold, timeout: 100ms}
                    """, "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error().get("code").asText()).isEqualTo("step.timeout");
        } finally {
            weft.connector.release();
        }
    }

    @Test
    void invalidInputIsRefusedWithTheFieldNamed() {
        var version = weft.deploy("""
                id: typed
                input: {type: object, required: [invoice], properties: {invoice: {type: object}}}
                steps:
                  - {id: a, type: transform, output: ok}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> weft.engine.startExecution(version,
                EngineHarness.json("{\"invoice\": 3}")))
                .isInstanceOf(dev.weft.engine.InvalidInputException.class)
                .hasMessageContaining("invoice");
    }

    @Test
    void anExpressionErrorFailsTheStep() throws Exception {
        ExecutionRecord r = weft.run("""
                id: broken
                steps:
                  - {id: a, type: transform, output: "{{ $number('not a number') + 1 }}"}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("code").asText()).isEqualTo("expression.error");
    }

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
        weft.engine.signal(id, "go", EngineHarness.json("{}"));
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

    @Test
    void aFailedBranchStopsItsParallelStepStartingAnythingElse() throws Exception {
        ExecutionRecord r = weft.run("""
                id: par
                steps:
                  - id: fan
                    type: parallel
                    branches:
                      - id: a
                        steps:
                          - {id: a1, type: transform, output: 1}
                          - {id: a2, type: call, operation: test.record, with: {charge: 100}}
                      - id: b
                        steps:
                          - {id: b1, type: fail, message: nope}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(weft.connector.calls()).isEmpty();
        assertThat(weft.steps(r.id())).noneMatch(s -> s.status() == StepStatus.RUNNING);
    }

    @Test
    void aTimedOutAttemptEndsBeforeItsRetryStarts() throws Exception {
        try {
            ExecutionRecord r = weft.run(
                    """
                            id: slow
                            steps:
                              - {id: a, type: call, operation: test.hold, timeout: 200ms, retry: {maxAttempts: 2, initial: 50ms, jitter: 0}}
                            """,
                    "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error().get("code").asText()).isEqualTo("step.timeout");
            assertThat(weft.connector.calls("test.hold")).hasSize(2);
            assertThat(weft.connector.maxInFlight()).isEqualTo(1);
        } finally {
            weft.connector.release();
        }
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
        weft.engine.signal(id, "go", EngineHarness.json("{\"n\": 1}"));
        weft.awaitParked(id);
        assertThat(weft.steps(id)).filteredOn(s -> s.path().endsWith("/wa") || s.path().endsWith("/wb"))
                .extracting(StepRecord::status)
                .containsExactlyInAnyOrder(StepStatus.SUCCEEDED, StepStatus.WAITING);

        weft.engine.signal(id, "go", EngineHarness.json("{\"n\": 2}"));
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
            weft.engine.signal(id, "go", EngineHarness.json("{}"));
            assertThat(weft.awaitStep(id, "fan/b/approval", StepStatus.SUCCEEDED)).isTrue();
            assertThat(weft.stepsByPath(id).get("fan/a/slow").status()).isEqualTo(StepStatus.RUNNING);
            weft.connector.release();
            assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        } finally {
            weft.connector.release();
        }
    }

    @Test
    void compensationOfAForeachItemSeesItsItemAndItsOutput() throws Exception {
        ExecutionRecord r = weft.run(
                """
                        id: refunds
                        steps:
                          - id: loop
                            type: foreach
                            items: "{{ [1, 2] }}"
                            steps:
                              - id: charge
                                type: call
                                operation: test.record
                                with: {n: "{{ item }}"}
                                compensate: {type: call, operation: test.record, with: {refund: "{{ charge.input.n }}", item: "{{ item }}"}}
                          - {id: boom, type: fail, message: nope}
                        """,
                "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(weft.connector.calls("test.record")).filteredOn(c -> c.input().has("refund"))
                .extracting(c -> c.input().get("refund").asInt() + "/" + c.input().get("item").asInt())
                .containsExactly("2/2", "1/1");
    }
}
