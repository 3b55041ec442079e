package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code agent} step: model turns and tool calls as recorded sub-steps, tools refused outside the allowed
 * operations, limits, approvals, and resumption after a worker died without repeating a completed tool call.
 * The model is {@link ScriptedModel}. Every store runs it, through a subclass that opens the store
 * ({@link EngineFixture#openStore}).
 */
public abstract class AgentContract extends EngineFixture {
    private static final String FLOW = """
            id: analyst
            steps:
              - id: analyse
                type: agent
                system: llm
                instructions: You are a careful analyst.
                goal: "Summarise the figures of {{ input.company }}"
                tools:
                  - {operation: test.record, name: figures, with: {source: ledger}}
                  - {operation: test.hold, name: slow}
                limits: {maxTurns: 4, maxToolCalls: 3}
              - {id: done, type: transform, output: "{{ analyse.answer }}"}
            """;

    @Test
    void theModelCallsAToolThenAnswersWithItsResult() throws Exception {
        weft.model.script(
                """
                        {"toolCalls": [{"id": "c1", "name": "figures", "arguments": {"quarter": "Q3", "source": "x"}}]}""",
                """
                        {"content": "Revenue rose."}""");
        ExecutionRecord r = weft.run(FLOW, "{\"company\": \"ACME\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("Revenue rose.");
        // The fixed input wins over the model's, which sees no 'source' to set.
        assertThat(weft.connector.calls("test.record")).singleElement().satisfies(c -> {
            assertThat(c.input().get("quarter").asText()).isEqualTo("Q3");
            assertThat(c.input().get("source").asText()).isEqualTo("ledger");
            assertThat(c.idempotencyKey()).isEqualTo(r.id() + ":analyse/turn-1/tool-0");
        });
        JsonNode second = weft.model.calls().get(1).input();
        assertThat(second.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(second.at("/messages/1/content").asText()).isEqualTo("Summarise the figures of ACME");
        assertThat(second.at("/messages/2/tool_calls/0/function/name").asText()).isEqualTo("figures");
        assertThat(second.at("/messages/3/role").asText()).isEqualTo("tool");
        assertThat(second.at("/messages/3/tool_call_id").asText()).isEqualTo("c1");
        assertThat(second.at("/messages/3/content").asText()).contains("\"quarter\":\"Q3\"");
        assertThat(second.at("/tools/0/name").asText()).isEqualTo("figures");

        Map<String, StepRecord> steps = weft.stepsByPath(r.id());
        assertThat(steps.get("analyse").output().get("turns").asInt()).isEqualTo(2);
        assertThat(steps.get("analyse").output().get("toolCalls").asInt()).isEqualTo(1);
        assertThat(steps.get("analyse").output().at("/usage/totalTokens").asInt()).isEqualTo(30);
        assertThat(steps.get("analyse/turn-1").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(steps.get("analyse/turn-1").input().at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(steps.get("analyse/turn-1/tool-0").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(steps.get("analyse/turn-2").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void aToolOutsideTheAllowedOperationsIsRefusedRecordedAndToldToTheModel() throws Exception {
        weft.model.script("""
                {"toolCalls": [{"id": "c1", "name": "drop_tables", "arguments": {}}]}""", """
                {"content": "I may not do that."}""");
        ExecutionRecord r = weft.run(FLOW, "{\"company\": \"ACME\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        StepRecord refused = weft.stepsByPath(r.id()).get("analyse/turn-1/tool-0");
        assertThat(refused.status()).isEqualTo(StepStatus.FAILED);
        assertThat(refused.error().get("code").asText()).isEqualTo("agent.tool_refused");
        assertThat(refused.error().get("message").asText()).contains("drop_tables").contains("figures, slow");
        assertThat(weft.connector.calls()).isEmpty();
        assertThat(weft.model.calls().get(1).input().at("/messages/3/content").asText())
                .contains("agent.tool_refused");
    }

    @Test
    void toolCallsPastTheLimitAreRefusedAndTheLastTurnIsAskedToAnswer() throws Exception {
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "figures", "arguments": {"n": 1}},
                               {"id": "b", "name": "figures", "arguments": {"n": 2}},
                               {"id": "c", "name": "figures", "arguments": {"n": 3}},
                               {"id": "d", "name": "figures", "arguments": {"n": 4}}]}""", """
                {"content": "Enough."}""");
        ExecutionRecord r = weft.run(FLOW, "{\"company\": \"ACME\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(weft.connector.calls("test.record")).hasSize(3);
        assertThat(weft.stepsByPath(r.id()).get("analyse/turn-1/tool-3").error().get("code").asText())
                .isEqualTo("agent.tool_limit");
        assertThat(weft.model.calls().get(1).input().get("toolChoice").asText()).isEqualTo("none");
    }

    @Test
    void aModelThatStillAsksForToolsInItsLastTurnFailsTheStep() throws Exception {
        String once = FLOW.replace("maxTurns: 4", "maxTurns: 1");
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "figures", "arguments": {}}]}""");
        ExecutionRecord r = weft.run(once, "{\"company\": \"ACME\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("code").asText()).isEqualTo("agent.turn_limit");
        assertThat(weft.connector.calls()).isEmpty();
        assertThat(weft.model.calls().get(0).input().get("toolChoice").asText()).isEqualTo("none");
    }

    @Test
    void theTokenBudgetEndsTheAgent() throws Exception {
        String small = FLOW.replace("maxToolCalls: 3", "maxToolCalls: 3, maxTokens: 100");
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "figures", "arguments": {}}],
                 "usage": {"promptTokens": 90, "completionTokens": 20, "totalTokens": 110}}""");
        ExecutionRecord r = weft.run(small, "{\"company\": \"ACME\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("code").asText()).isEqualTo("agent.token_budget");
        assertThat(r.error().get("message").asText()).contains("110 tokens").contains("limits.maxTokens");
    }

    @Test
    void aToolThatNeedsApprovalWaitsForAPersonAndADenialIsToldToTheModel() throws Exception {
        String flow = """
                id: pay
                steps:
                  - id: agent
                    type: agent
                    system: llm
                    goal: Pay the two suppliers
                    tools:
                      - {operation: test.record, name: pay, approval: required}
                """;
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "pay", "arguments": {"to": "alpha"}},
                               {"id": "b", "name": "pay", "arguments": {"to": "beta"}}]}""", """
                {"content": "Paid alpha; beta was refused."}""");
        String id = weft.start(flow, "{}");
        weft.awaitParked(id);
        Map<String, StepRecord> waiting = weft.stepsByPath(id);
        assertThat(waiting.get("agent/turn-1/approve-0").status()).isEqualTo(StepStatus.WAITING);
        assertThat(waiting.get("agent/turn-1/approve-0").input().get("input").get("to").asText())
                .isEqualTo("alpha");
        assertThat(waiting.get("agent/turn-1/approve-0").input().get("signal").asText())
                .isEqualTo("agent-approval");
        assertThat(weft.connector.calls()).isEmpty();

        weft.client.signal(EngineHarness.CALLER, id, "agent-approval",
                EngineHarness.json(
                        "{\"call\": \"agent/turn-1/tool-1\", \"approved\": false, \"reason\": \"no\"}"));
        weft.client.signal(EngineHarness.CALLER, id, "agent-approval",
                EngineHarness.json("{\"call\": \"agent/turn-1/tool-0\", \"approved\": true}"));
        ExecutionRecord r = weft.awaitEnd(id);

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(weft.connector.calls("test.record")).singleElement()
                .satisfies(c -> assertThat(c.input().get("to").asText()).isEqualTo("alpha"));
        StepRecord denied = weft.stepsByPath(id).get("agent/turn-1/tool-1");
        assertThat(denied.error().get("code").asText()).isEqualTo("agent.tool_denied");
        assertThat(denied.error().get("message").asText()).endsWith(": no");
    }

    @Test
    void anAgentResumedAfterItsWorkerDiedDoesNotRepeatACompletedToolCall() throws Exception {
        weft.model.script("""
                {"toolCalls": [{"id": "a", "name": "figures", "arguments": {"n": 1}}]}""", """
                {"toolCalls": [{"id": "b", "name": "slow", "arguments": {}}]}""", """
                {"content": "Done."}""");
        String id = weft.start(FLOW, "{\"company\": \"ACME\"}");
        assertThat(weft.connector.awaitHolding(20)).isTrue();
        RecordingConnector connector = weft.connector;
        ScriptedModel model = weft.model;
        weft.close(); // as if killed: nothing more is recorded
        connector.release();

        MutableClock later = new MutableClock();
        later.advance(Duration.ofMinutes(1)); // past the dead worker's lease
        weft = new EngineHarness(store, connector, later, "test-worker-agent", s -> s);
        weft.model.script(model.replies());
        ExecutionRecord r = weft.awaitEnd(id);

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("Done.");
        assertThat(connector.calls("test.record")).hasSize(1);
        assertThat(connector.calls("test.hold")).hasSize(2)
                .extracting(RecordingConnector.Call::idempotencyKey)
                .containsOnly(id + ":analyse/turn-2/tool-0");
        // The new worker asked the model only for the turn after the interrupted call.
        assertThat(weft.model.calls()).hasSize(1);
    }

    @Test
    void aSensitiveFlowKeepsNoPromptOrCompletionOnceItEnds() throws Exception {
        weft.model.script("""
                {"toolCalls": [{"id": "c1", "name": "figures", "arguments": {"quarter": "Q3"}}]}""", """
                {"content": "Revenue rose."}""");
        ExecutionRecord r = weft.run("sensitive: true\n" + FLOW, "{\"company\": \"ACME\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("Revenue rose.");
        // The model still got the whole conversation while the execution ran.
        assertThat(weft.model.calls().get(1).input().at("/messages/3/content").asText()).contains("Q3");
        for (StepRecord s : weft.steps(r.id())) {
            assertThat(s.input()).as("input of %s", s.path()).isNull();
            if (s.output() != null) {
                assertThat(s.output().toString()).as("output of %s", s.path()).contains("erased")
                        .doesNotContain("Revenue").doesNotContain("ACME").doesNotContain("Q3");
            }
            assertThat(s.outputRef()).isNull();
        }
    }
}
