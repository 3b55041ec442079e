package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionViewTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    static StepRecord row(String type, StepStatus status, int attempt, JsonNode error) {
        return new StepRecord("e-1", "s", "s", type, status, attempt, null, null, null, error, T0,
                status.done() ? T0.plusSeconds(1) : null,
                status == StepStatus.WAITING ? T0.plusSeconds(5) : null, 0);
    }

    static StepAttempt failed(int attempt) {
        return new StepAttempt("e-1", "s", "s", "call", attempt, StepAttempt.Outcome.FAILED, T0,
                T0.plusMillis(5),
                "x.down", "down", true, 503);
    }

    static List<String> outcomes(StepRecord row, List<StepAttempt> recorded) {
        List<String> all = new java.util.ArrayList<>();
        for (JsonNode a : ExecutionView.history(row, null, recorded)) {
            all.add(a.get("number").asInt() + " " + a.get("outcome").asText());
        }
        return all;
    }

    @Test
    void aCallInProgressFollowsItsRecordedAttempts() {
        assertThat(outcomes(row("call", StepStatus.RUNNING, 2, null), List.of(failed(1))))
                .containsExactly("1 failed", "2 running");
    }

    @Test
    void aCallWaitingToBeRetriedShowsOnlyTheAttemptsThatRan() {
        JsonNode error = JsonNodeFactory.instance.objectNode().put("code", "x.down");
        assertThat(outcomes(row("call", StepStatus.WAITING, 1, error), List.of(failed(1))))
                .containsExactly("1 failed");
    }

    @Test
    void aCallFreeStepShowsItsOneAttemptFromItsRow() {
        assertThat(outcomes(row("transform", StepStatus.SUCCEEDED, 1, null), List.of()))
                .containsExactly("1 succeeded");
        assertThat(outcomes(row("wait", StepStatus.WAITING, 1, null), List.of()))
                .containsExactly("1 waiting");
    }

    @Test
    void aCallReusedByAReplayShowsItsRowAsItsAttempt() {
        assertThat(outcomes(row("call", StepStatus.SUCCEEDED, 1, null), List.of()))
                .containsExactly("1 succeeded");
    }

    @Test
    void aSucceededCallShowsItsLastAttemptFromItsRowWithTheTargetStatusOfItsOutput() {
        JsonNode output = JsonNodeFactory.instance.objectNode().put("status", 201);
        var history = ExecutionView.history(row("call", StepStatus.SUCCEEDED, 2, null), output,
                List.of(failed(1)));
        assertThat(history).extracting(a -> a.get("number").asInt() + " " + a.get("outcome").asText()
                + " " + a.get("targetStatus").asInt())
                .containsExactly("1 failed 503", "2 succeeded 201");
    }
}
