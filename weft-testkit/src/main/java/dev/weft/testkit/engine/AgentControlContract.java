package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code agent} step under the controls around it: a retry of its execution, a cancel, a retry backoff or
 * an approval outliving the time budget, the sensitive flag's erasure, and its approval signal kept to itself.
 * Run by every store through a subclass, as {@link AgentContract}.
 */
public abstract class AgentControlContract extends EngineFixture {
    private static final String FLOW = """
            id: analyst
            steps:
              - id: analyse
                type: agent
                system: llm
                goal: "Summarise the figures of {{ input.company }}"
                tools:
                  - {operation: test.record, name: figures}
                limits: {maxTurns: 4, maxToolCalls: 3}
              - {id: done, type: transform, output: "{{ analyse.answer }}"}
            """;

    /**
     * A tool refused in turn 1 is a FAILED sub-step; Controls.retry forgets everything recorded after the first
     * FAILED row, so retrying the execution (which failed at a later step) re-runs the agent that had succeeded:
     * its model turns are asked again and its completed tool call is made again.
     */
    @Test
    void aRetryOfAnExecutionThatFailedAfterItsAgentSucceededDoesNotRunTheAgentAgain() throws Exception {
        String flow = FLOW.replace("  - {id: done, type: transform, output: \"{{ analyse.answer }}\"}",
                "  - {id: b, type: call, operation: test.fail, with: {times: 1, permanent: true}}");
        weft.model.script("""
                {"toolCalls": [{"id": "c0", "name": "drop_tables", "arguments": {}}]}""", """
                {"toolCalls": [{"id": "c1", "name": "figures", "arguments": {"quarter": "Q3"}}]}""", """
                {"content": "Revenue rose."}""");
        ExecutionRecord failed = weft.run(flow, "{\"company\": \"ACME\"}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().get("step").asText()).isEqualTo("b");
        assertThat(weft.connector.calls("test.record")).hasSize(1);
        assertThat(weft.model.calls()).hasSize(3);

        weft.client.retry(EngineHarness.CALLER, failed.id());
        ExecutionRecord r = weft.awaitEnd(failed.id());

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(weft.model.calls()).as("model turns asked again by the retry").hasSize(3);
        assertThat(weft.connector.calls("test.record")).as("completed tool calls made again by the retry")
                .hasSize(1);
    }

    /**
     * A sensitive execution's outputs are replaced by {"erased": ...} when it ends; a retry or replay would reuse
     * them (an agent would read its erased turn 1 as an answer without tool calls), so both are refused.
     */
    @Test
    void aRetriedSensitiveAgentDoesNotTakeAnErasedTurnForTheModelsAnswer() throws Exception {
        weft.model.script("""
                {"toolCalls": [{"id": "c1", "name": "figures", "arguments": {"quarter": "Q3"}}]}""");
        ExecutionRecord failed = weft.run("sensitive: true\n" + FLOW, "{\"company\": \"ACME\"}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED); // turn 2 had no scripted reply
        assertThat(weft.model.calls()).hasSize(2);

        weft.model.script("""
                {"toolCalls": [{"id": "c1", "name": "figures", "arguments": {"quarter": "Q3"}}]}""", """
                {"content": "Revenue rose."}""");
        // The retry is refused (the data it would reuse is gone): never a success built on erased records.
        assertThatThrownBy(() -> weft.client.retry(EngineHarness.CALLER,
                failed.id())).isInstanceOfSatisfying(dev.weft.engine.ExecutionControlException.class,
                        e -> assertThat(e.code()).isEqualTo("retry.sensitive"));
        assertThatThrownBy(() -> weft.client.replay(EngineHarness.CALLER,
                failed.id(), "analyse", null, false)).isInstanceOfSatisfying(
                        dev.weft.engine.ExecutionControlException.class,
                        e -> assertThat(e.code()).isEqualTo("replay.sensitive"));
        assertThat(store.execution(ExecutionStore.DEFAULT_TENANT, failed.id()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.FAILED);
    }

    /**
     * The erasure runs only in the commit that ends an execution by the planner; a cancel (the store's) keeps
     * the rendered goal, the model's completions and the approval request of a sensitive agent for good.
     */
    @Test
    void aCancelledSensitiveAgentKeepsNoPromptCompletionOrApprovalRequest() throws Exception {
        String flow = """
                sensitive: true
                id: pay
                steps:
                  - id: agent
                    type: agent
                    system: llm
                    goal: "Pay {{ input.supplier }}"
                    tools:
                      - {operation: test.record, name: pay, approval: required}
                """;
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "pay", "arguments": {"iban": "DE-SECRET-IBAN"}}]}""");
        String id = weft.start(flow, "{\"supplier\": \"ACME\"}");
        weft.awaitParked(id);

        weft.client.cancel(EngineHarness.CALLER, id, "changed my mind");

        assertThat(store.execution(ExecutionStore.DEFAULT_TENANT, id).orElseThrow().status())
                .isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(weft.steps(id).stream()
                .filter(s -> (s.input() + " " + s.output()).contains("DE-SECRET-IBAN")
                        || (s.input() + " " + s.output()).contains("Pay ACME"))
                .map(StepRecord::path).toList()).as("rows still holding the goal or the call's input")
                .isEmpty();
    }

    /**
     * Erasing a row would drop its outputRef, but a payload row (a large completion or tool result stored out
     * of line) is kept by its hash and never deleted: a sensitive flow's outputs never go there.
     */
    @Test
    void aSensitiveAgentsLargeOutputsLeaveNoPayloadBehind() throws Exception {
        weft.close();
        weft = new EngineHarness(store, new RecordingConnector(), new MutableClock(), "test-worker-large",
                s -> s.withLargeOutputBytes(1024));
        String secret = "SECRET-" + "x".repeat(2000);
        String flow = """
                sensitive: true
                id: pay
                steps:
                  - id: agent
                    type: agent
                    system: llm
                    goal: Pay the supplier
                    tools:
                      - {operation: test.record, name: pay, approval: required}
                """;
        weft.model.script("{\"toolCalls\": [{\"id\": \"a\", \"name\": \"pay\", \"arguments\": {\"note\": \""
                + secret + "\"}}]}", "{\"content\": \"Paid.\"}");
        String id = weft.start(flow, "{}");
        weft.awaitParked(id);
        // A sensitive flow keeps its outputs in their rows, however large, so that erasing a row erases them.
        assertThat(weft.stepsByPath(id).get("agent/turn-1").outputRef()).isNull();
        assertThat(weft.stepsByPath(id).get("agent/turn-1").output().toString()).contains("SECRET-");

        weft.client.signal(EngineHarness.CALLER, id, "agent-approval",
                EngineHarness.json("{\"call\": \"agent/turn-1/tool-0\", \"approved\": true}"));
        assertThat(weft.awaitEnd(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(weft.steps(id)).allSatisfy(s -> {
            assertThat(s.outputRef()).isNull();
            assertThat(s.input() + " " + s.output()).doesNotContain("SECRET-");
        });
    }

    /**
     * "No turn or tool call starts past [the time budget]": a tool call waiting for its retry backoff is not
     * bounded by the budget, so it runs (and the agent waits) long after the budget is spent.
     */
    @Test
    void aToolCallRetryDueAfterTheTimeBudgetIsNotMade() throws Exception {
        String flow = """
                id: slow
                steps:
                  - id: analyse
                    type: agent
                    system: llm
                    goal: Try
                    retry: {maxAttempts: 2, backoff: fixed, initial: 1h, max: 1h, jitter: 0}
                    tools:
                      - {operation: test.fail, name: flaky, with: {times: 1}}
                    limits: {timeout: 1m}
                """;
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "flaky", "arguments": {}}]}""", """
                {"content": "Done."}""");
        String id = weft.start(flow, "{}");
        assertThat(weft.awaitStep(id, "analyse/turn-1/tool-0", StepStatus.WAITING)).isTrue();
        weft.awaitParked(id);

        weft.clock.advance(Duration.ofMinutes(61)); // the budget is long spent when the retry falls due
        weft.engine.wake();
        ExecutionRecord r = weft.awaitEnd(id);

        assertThat(r.error().get("code").asText()).isEqualTo("agent.time_budget");
        assertThat(weft.connector.calls("test.fail")).as("tool calls made after the time budget").hasSize(1);
    }

    /**
     * When the time budget ends an agent that waits for an approval, the approval sub-step stays WAITING in the
     * failed execution: the view shows a person a request that can no longer be answered.
     */
    @Test
    void anApprovalCutOffByTheTimeBudgetDoesNotStayWaiting() throws Exception {
        String flow = """
                id: pay
                steps:
                  - id: agent
                    type: agent
                    system: llm
                    goal: Pay
                    tools:
                      - {operation: test.record, name: pay, approval: required}
                    limits: {timeout: 1m}
                """;
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "pay", "arguments": {}}]}""");
        String id = weft.start(flow, "{}");
        weft.awaitParked(id);
        weft.clock.advance(Duration.ofMinutes(2));
        weft.engine.wake();
        ExecutionRecord r = weft.awaitEnd(id);

        assertThat(r.error().get("code").asText()).isEqualTo("agent.time_budget");
        assertThat(weft.stepsByPath(id).get("agent/turn-1/approve-0").status())
                .isNotEqualTo(StepStatus.WAITING);
    }

    /** An await whose signal is an agent's approval signal takes the approvals meant for the agent. */
    @Test
    void anAwaitCannotUseTheApprovalSignalOfAnAgent() {
        String flow = """
                id: clash
                steps:
                  - {id: hold, type: await, signal: agent-approval}
                  - id: agent
                    type: agent
                    system: llm
                    goal: Pay
                    tools:
                      - {operation: test.record, name: pay, approval: required}
                """;
        assertThatThrownBy(() -> weft.deploy(flow)).hasMessageContaining("agent-approval");
    }
}
