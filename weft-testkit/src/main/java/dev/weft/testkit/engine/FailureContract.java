package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.StepStatus;
import org.junit.jupiter.api.Test;

/**
 * Failures: retries and their idempotency keys, step and flow onError, compensation, timeouts, failing branches. Every store runs it, through a
 * subclass that opens the store ({@link EngineFixture#openStore}).
 */
public abstract class FailureContract extends EngineFixture {
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
    void aRetryWaitsAsLongAsTheSystemAsked() throws Exception {
        ExecutionRecord r = weft.run("""
                id: throttled
                steps:
                  - id: call
                    type: call
                    operation: test.fail
                    with: {times: 1, retryAfterSeconds: 1}
                    retry: {maxAttempts: 2, initial: 5ms, jitter: 0}
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        var calls = weft.connector.calls("test.fail");
        assertThat(calls).hasSize(2);
        // The policy's 5 ms would have retried at once; the system's Retry-After of 1 s comes first.
        assertThat(java.time.Duration.between(calls.get(0).at(), calls.get(1).at()))
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(990));
        assertThat(weft.stepsByPath(r.id()).get("call").attempt()).isEqualTo(2);
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
