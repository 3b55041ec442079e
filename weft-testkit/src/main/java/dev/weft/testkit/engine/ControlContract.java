package dev.weft.testkit.engine;

import static dev.weft.testkit.engine.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.engine.ExecutionControlException;
import dev.weft.engine.ExecutionView;
import dev.weft.engine.StartedExecution;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server asks of the engine beyond running flows: idempotent starts with a trigger, the
 * respond step, recorded step input, cancel, retry, replay and flow-completion triggers. Every store runs
 * it through a subclass that opens the store ({@link EngineFixture#openStore}).
 */
public abstract class ControlContract extends EngineFixture {

    private static final String FLAKY = """
            id: flaky
            steps:
              - {id: a, type: call, operation: test.record, with: {n: "{{ input.n }}"}}
              - {id: b, type: call, operation: test.fail, with: {times: 1}}
              - {id: c, type: transform, output: "{{ a.input.n }} then {{ b.succeededOnCall }}"}
            """;

    @Test
    void aRepeatedStartWithTheSameKeyReturnsTheFirstExecutionAndTheTriggerIsInScope() throws Exception {
        FlowVersion v = weft.deploy("""
                id: hook
                steps:
                  - {id: echo, type: transform, output: "{{ trigger.type }} {{ trigger.body.order }}"}
                """);
        var trigger = json("{\"type\":\"webhook\",\"body\":{\"order\":42}}");

        StartedExecution first = weft.client.start(EngineHarness.CALLER, v, json("{}"), trigger,
                "delivery-1");
        StartedExecution again = weft.client.start(EngineHarness.CALLER, v, json("{}"), trigger,
                "delivery-1");
        StartedExecution other = weft.client.start(EngineHarness.CALLER, v, json("{}"), trigger,
                "delivery-2");

        assertThat(first.created()).isTrue();
        assertThat(again).isEqualTo(new StartedExecution(first.id(), false));
        assertThat(other.id()).isNotEqualTo(first.id());
        ExecutionRecord r = weft.awaitEnd(first.id());
        assertThat(r.output().asText()).isEqualTo("webhook 42");
        assertThat(r.trigger()).isEqualTo(trigger);
        assertThat(store.executions(ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT))).hasSize(2);
    }

    @Test
    void aStartReturnsOnceTheExecutionAndItsFirstStepsAreCommittedTogether() throws Exception {
        FlowVersion v = weft.deploy("""
                id: first-round
                steps:
                  - {id: shape, type: transform, output: "{{ input.n * 2 }}"}
                  - {id: hold, type: call, operation: test.hold}
                """);

        StartedExecution started = weft.client.start(EngineHarness.CALLER, v, json("{\"n\": 21}"), null,
                null);

        // Read at once, before the call is released: the creation commit carried the transform's result and
        // the call's start, after the execution's start event.
        var steps = weft.stepsByPath(started.id());
        assertThat(steps.get("shape").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(steps.get("shape").output().asInt()).isEqualTo(42);
        assertThat(steps.get("hold").status()).isEqualTo(StepStatus.RUNNING);
        assertThat(store.execution(ExecutionStore.DEFAULT_TENANT, started.id()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.RUNNING);
        assertThat(weft.started).containsExactly("default/first-round");
        assertThat(weft.connector.awaitHolding(20)).isTrue();
        weft.connector.release();
        assertThat(weft.awaitEnd(started.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(weft.connector.calls("test.hold")).hasSize(1);
    }

    @Test
    void aKeyRepeatedWhileItsExecutionRunsHereIsRefusedAndTheRunGoesOn() throws Exception {
        FlowVersion v = weft.deploy("""
                id: held
                steps:
                  - {id: hold, type: call, operation: test.hold}
                  - {id: after, type: transform, output: done}
                """);
        StartedExecution first = weft.client.start(EngineHarness.CALLER, v, json("{}"), null, "delivery-1");
        assertThat(weft.connector.awaitHolding(20)).isTrue();

        // Several repeats at once while the first run is here, its call in flight: each is told the first id.
        List<StartedExecution> repeats = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    repeats.add(weft.client.start(EngineHarness.CALLER, v, json("{}"), null, "delivery-1"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(20));
        }
        assertThat(repeats).hasSize(8).containsOnly(new StartedExecution(first.id(), false));
        weft.connector.release();
        ExecutionRecord r = weft.awaitEnd(first.id());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("done");
        assertThat(weft.connector.calls("test.hold")).hasSize(1);
        assertThat(weft.started).containsExactly("default/held");
    }

    @Test
    void aRespondStepOutputsTheResponseAndTheExecutionGoesOn() throws Exception {
        ExecutionRecord r = weft.run("""
                id: answer
                steps:
                  - id: reply
                    type: respond
                    status: 201
                    headers: {X-Order: "{{ input.order }}"}
                    body: {accepted: "{{ input.order }}"}
                  - {id: after, type: transform, output: done}
                """, "{\"order\": 7}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("done");
        assertThat(weft.stepsByPath(r.id()).get("reply").output())
                .isEqualTo(
                        json("{\"status\":201,\"headers\":{\"X-Order\":\"7\"},\"body\":{\"accepted\":7}}"));
    }

    @Test
    void aRespondStepWithAnImpossibleStatusFailsNamingIt() throws Exception {
        ExecutionRecord r = weft.run("""
                id: bad-answer
                steps:
                  - {id: reply, type: respond, status: "{{ input.code }}"}
                """, "{\"code\": 42}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("message").asText()).contains("reply").contains("status").contains("42");
    }

    @Test
    void aRespondStepCannotSwitchTheWebhooksConnectionToAnotherProtocol() throws Exception {
        ExecutionRecord r = weft.run("""
                id: switching
                steps:
                  - {id: reply, type: respond, status: "{{ input.code }}"}
                """, "{\"code\": 101}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("message").asText()).contains("from 200 to 599").contains("101");
    }

    @Test
    void callStepsRecordWhatTheyWereGiven() throws Exception {
        ExecutionRecord r = weft.run("""
                id: given
                steps:
                  - {id: a, type: call, operation: test.record, with: {n: "{{ input.n }}", fixed: x}}
                """, "{\"n\": 3}");

        var a = weft.stepsByPath(r.id()).get("a");
        assertThat(a.input()).isEqualTo(json("{\"n\":3,\"fixed\":\"x\"}"));
        assertThat(a.status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void cancelEndsAWaitingExecutionForGood() throws Exception {
        String id = weft.start("""
                id: sleeper
                steps:
                  - {id: nap, type: wait, duration: 1h}
                  - {id: after, type: call, operation: test.record}
                """, "{}");
        weft.awaitParked(id);

        var cancelled = weft.client.cancel(EngineHarness.CALLER, id, "no longer needed");

        assertThat(cancelled).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
            assertThat(r.error().get("message").asText()).isEqualTo("no longer needed");
        });
        weft.clock.advance(Duration.ofHours(2));
        weft.engine.wake();
        assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(weft.client.cancel(EngineHarness.CALLER, id, "again")).isEmpty();
        assertThat(weft.connector.calls()).isEmpty();
    }

    @Test
    void cancelFencesOutARunThatIsInTheMiddleOfACall() throws Exception {
        String id = weft.start("""
                id: busy
                steps:
                  - {id: slow, type: call, operation: test.hold}
                  - {id: after, type: call, operation: test.record}
                """, "{}");
        assertThat(weft.connector.awaitHolding(20)).isTrue();

        weft.client.cancel(EngineHarness.CALLER, id, null);
        weft.connector.release();

        assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.CANCELLED);
        // Once the released run has stopped driving the execution, it must not have gone on to the next step.
        long deadline = System.nanoTime() + EngineHarness.TIMEOUT.toNanos();
        while (weft.engine.isDriving(id) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(weft.engine.isDriving(id)).isFalse();
        assertThat(weft.connector.calls("test.record")).isEmpty();
        assertThat(store.execution(ExecutionStore.DEFAULT_TENANT, id).orElseThrow().status())
                .isEqualTo(ExecutionStatus.CANCELLED);
    }

    @Test
    void retryRunsTheFailedStepAgainAndReusesWhatSucceeded() throws Exception {
        ExecutionRecord failed = weft.run(FLAKY.replace("test.fail, with: {times: 1}",
                "test.fail, with: {times: 1, permanent: true}"), "{\"n\": 5}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);

        ExecutionRecord reopened = weft.client.retry(EngineHarness.CALLER, failed.id());

        assertThat(reopened.status()).isEqualTo(ExecutionStatus.QUEUED);
        ExecutionRecord r = weft.awaitEnd(failed.id());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("5 then 2");
        assertThat(weft.connector.calls("test.record")).hasSize(1);
        assertThat(weft.connector.calls("test.fail")).extracting(RecordingConnector.Call::idempotencyKey)
                .containsExactly(failed.id() + ":b", failed.id() + ":b");
    }

    @Test
    void everyAttemptIsRecordedAndARetryOfTheExecutionKeepsTheEarlierOnes() throws Exception {
        ExecutionRecord failed = weft.run("""
                id: attempts
                steps:
                  - {id: a, type: transform, output: 1}
                  - id: b
                    type: call
                    operation: test.fail
                    with: {times: 2, status: 503}
                    retry: {maxAttempts: 2, initial: 5ms}
                """, "{}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);

        weft.client.retry(EngineHarness.CALLER, failed.id());

        assertThat(weft.awaitEnd(failed.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<StepAttempt> attempts = store.attempts(ExecutionStore.DEFAULT_TENANT, failed.id());
        assertThat(attempts).extracting(StepAttempt::path, StepAttempt::attempt, StepAttempt::outcome,
                StepAttempt::errorCode, StepAttempt::retryable, StepAttempt::targetStatus)
                .containsExactly(
                        tuple("b", 1, StepAttempt.Outcome.FAILED, "test.unavailable", true, 503),
                        tuple("b", 2, StepAttempt.Outcome.FAILED, "test.unavailable", true, 503));
        // The success is the step's row: no attempt row (StepAttempt), and the view lists it.
        assertThat(attempts).allSatisfy(a -> assertThat(a.finishedAt()).isAfterOrEqualTo(a.startedAt()));
        var b = ExecutionView.withSteps(store, store.execution(ExecutionStore.DEFAULT_TENANT, failed.id())
                .orElseThrow()).get("steps").get(1);
        assertThat(b.get("attempts").asInt()).isEqualTo(3);
        assertThat(b.get("history"))
                .extracting(h -> h.get("number").asInt() + " " + h.get("outcome").asText())
                .containsExactly("1 failed", "2 failed", "3 succeeded");
        assertThat(b.get("history").get(0).get("error").get("message").asText())
                .isEqualTo("unavailable on call 1");
    }

    @Test
    void aStepThatOnlyTheRunBeforeARetryRanStaysInTheHistory() throws Exception {
        ExecutionRecord failed = weft.run("""
                id: handled
                steps:
                  - {id: b, type: call, operation: test.fail, with: {times: 1, permanent: true}}
                  - {id: note, type: transform, output: "{{ error.code }}"}
                onError: note
                """, "{}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);

        weft.client.retry(EngineHarness.CALLER, failed.id());

        assertThat(weft.awaitEnd(failed.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(weft.stepsByPath(failed.id())).doesNotContainKey("note");
        var steps = ExecutionView.withSteps(store, store.execution(ExecutionStore.DEFAULT_TENANT, failed.id())
                .orElseThrow()).get("steps");
        assertThat(steps).extracting(s -> s.get("id").asText() + " " + s.get("status").asText() + " "
                + s.get("attempts").asInt() + " " + s.path("fromEarlierRun").asBoolean())
                .containsExactly("b succeeded 2 false", "note succeeded 1 true");
    }

    @Test
    void retryIsRefusedForAnExecutionThatDidNotFailOrWasCompensated() throws Exception {
        ExecutionRecord ok = weft.run("id: fine\nsteps: [{id: a, type: transform, output: 1}]\n", "{}");
        ExecutionRecord compensated = weft.run("""
                id: saga
                steps:
                  - id: book
                    type: call
                    operation: test.record
                    compensate: {id: unbook, type: call, operation: test.record}
                  - {id: boom, type: call, operation: test.fail, with: {permanent: true}}
                """, "{}");
        assertThat(compensated.status()).isEqualTo(ExecutionStatus.FAILED);

        assertThatThrownBy(() -> weft.client.retry(EngineHarness.CALLER, ok.id()))
                .isInstanceOf(ExecutionControlException.class)
                .hasMessageContaining("succeeded").hasMessageContaining("replay");
        assertThatThrownBy(() -> weft.client.retry(EngineHarness.CALLER, compensated.id()))
                .isInstanceOf(ExecutionControlException.class).hasMessageContaining("compensation");
        assertThatThrownBy(() -> weft.client.retry(EngineHarness.CALLER, "no-such-execution"))
                .isInstanceOf(ExecutionControlException.class)
                .extracting(e -> ((ExecutionControlException) e).code()).isEqualTo("execution.not_found");
    }

    @Test
    void replayFromAStepReusesTheEarlierOutputsAndRunsTheRestWithTheEditedInput() throws Exception {
        ExecutionRecord first = weft.run("""
                id: pipeline
                steps:
                  - {id: fetch, type: call, operation: test.record, with: {n: "{{ input.n }}"}}
                  - {id: shape, type: transform, output: "{{ fetch.input.n }}/{{ input.n }}"}
                """, "{\"n\": 1}");
        assertThat(first.output().asText()).isEqualTo("1/1");

        String replayId = weft.client.replay(EngineHarness.CALLER, first.id(), "shape", json("{\"n\": 2}"),
                false);

        ExecutionRecord replay = weft.awaitEnd(replayId);
        assertThat(replay.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(replay.output().asText()).isEqualTo("1/2");
        assertThat(replay.trigger().get("replayOf").asText()).isEqualTo(first.id());
        assertThat(weft.connector.calls("test.record")).hasSize(1);
        assertThatThrownBy(() -> weft.client.replay(EngineHarness.CALLER, first.id(), "nope", null, false))
                .isInstanceOf(ExecutionControlException.class).hasMessageContaining("no step 'nope'");
    }

    @Test
    void aFlowTriggerStartsTheWatchingFlowWhenTheWatchedOneEnds() throws Exception {
        weft.deploy("""
                id: watcher
                triggers:
                  - {type: flow, flow: default/upstream, status: [succeeded]}
                steps:
                  - {id: seen, type: transform, output: "{{ trigger.status }}: {{ trigger.output }}"}
                """);
        weft.deploy("""
                id: on-failure
                triggers:
                  - {type: flow, flow: default/upstream, status: [failed]}
                steps:
                  - {id: seen, type: transform, output: failed}
                """);

        ExecutionRecord upstream = weft.run("id: upstream\nsteps: [{id: a, type: transform, output: hi}]\n",
                "{}");

        List<ExecutionRecord> started = awaitExecutions("default/watcher", 1);
        ExecutionRecord watcher = weft.awaitEnd(started.getFirst().id());
        assertThat(watcher.output().asText()).isEqualTo("succeeded: hi");
        assertThat(watcher.trigger().get("executionId").asText()).isEqualTo(upstream.id());
        assertThat(store.executions(ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT)
                .withFlow("default/on-failure").withLimit(0))).isEmpty();
    }

    private List<ExecutionRecord> awaitExecutions(String flow, int count) throws InterruptedException {
        long deadline = System.nanoTime() + EngineHarness.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var found = store
                    .executions(
                            ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT).withFlow(flow).withLimit(0));
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no execution of " + flow + " started");
    }
}
