package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import org.junit.jupiter.api.Test;

/**
 * What each step type does: transform, switch, if, parallel, foreach, subflow, fail; large outputs; input and expression errors. Every store runs it, through a
 * subclass that opens the store ({@link EngineFixture#openStore}).
 */
public abstract class StepTypesContract extends EngineFixture {
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
    void stepWhoseIfIsFalseIsSkippedAndReadsAsAbsent() throws Exception {
        ExecutionRecord r = weft.run("""
                id: skip
                steps:
                  - {id: maybe, type: call, operation: test.record, if: "{{ input.go }}"}
                  - {id: after, type: transform, output: "{{ $exists(maybe) ? 'ran' : 'skipped' }}"}
                """, "{\"go\": false}");
        assertThat(weft.stepsByPath(r.id()).get("maybe").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(weft.connector.calls()).isEmpty();
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("skipped");
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
    void aForeachOverMoreItemsThanAllowedFailsBeforeRunningAny() throws Exception {
        // The harness allows 100 items (engine.maxForeachItems)
        ExecutionRecord r = weft.run("""
                id: too-many
                steps:
                  - id: loop
                    type: foreach
                    items: "{{ [1..101] }}"
                    steps:
                      - {id: call, type: call, operation: test.record, with: {n: "{{ item }}"}}
                """, "{}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("code").asText()).isEqualTo("foreach.too_many_items");
        assertThat(r.error().get("message").asText()).contains("101 items")
                .contains("engine.maxForeachItems");
        assertThat(weft.connector.calls()).isEmpty();
        assertThat(weft.stepsByPath(r.id())).doesNotContainKey("loop[0]/call");
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
    void aSubflowsChildIsHeardAsAStartedExecutionAsItsParentIs() throws Exception {
        weft.deploy("""
                id: child
                namespace: lib
                steps:
                  - {id: one, type: transform, output: 1}
                """);
        ExecutionRecord r = weft.run("""
                id: parent
                namespace: app
                steps:
                  - {id: sub, type: subflow, flow: lib/child}
                """, "{}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(weft.started).containsExactlyInAnyOrder("app/parent", "lib/child");
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
    void largeOutputsAreStoredOutOfLineAndReadBack() throws Exception {
        weft.close();
        weft = new EngineHarness(store, new RecordingConnector(), new MutableClock(), "test-worker-2",
                s -> s.withLargeOutputBytes(1024));
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
    void invalidInputIsRefusedWithTheFieldNamed() {
        var version = weft.deploy("""
                id: typed
                input: {type: object, required: [invoice], properties: {invoice: {type: object}}}
                steps:
                  - {id: a, type: transform, output: ok}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> weft.client.start(EngineHarness.CALLER,
                version, EngineHarness.json("{\"invoice\": 3}"), null, null))
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
}
