package dev.weft.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SyncResponses responses = new SyncResponses();

    private static ExecutionRecord execution(String id, String trigger, ExecutionStatus status)
            throws Exception {
        Instant now = Instant.parse("2026-12-06T09:00:00Z");
        return new ExecutionRecord("default", id, "shop", "quote", 1, status, JSON.createObjectNode(),
                JSON.readTree(trigger), null, null, now, now, null, null, null, null, 1, null, null);
    }

    @Test
    void anAnswerGivenBeforeTheWebhookAsksIsKeptForASyncWebhooksExecution() throws Exception {
        // The engine inserts an execution with its first steps: a flow that answers at once has answered
        // (and may have ended) before start() returns to the webhook.
        responses.executionStarted(execution("e-1", "{\"type\":\"webhook\",\"mode\":\"sync\"}",
                ExecutionStatus.RUNNING));
        JsonNode answer = JSON.readTree("{\"status\":201,\"body\":{\"total\":42}}");
        responses.responded("e-1", answer);
        responses.executionFinished(execution("e-1", "{\"type\":\"webhook\",\"mode\":\"sync\"}",
                ExecutionStatus.SUCCEEDED));

        var outcome = responses.await("e-1");
        assertThat(outcome).isCompleted();
        assertThat(outcome.join().response()).isEqualTo(answer);
        responses.forget("e-1");
        assertThat(responses.await("e-1")).isNotCompleted();
    }

    @Test
    void anExecutionThatEndsWithoutAnAnswerIsKeptWithItsEnd() throws Exception {
        responses.executionStarted(execution("e-2", "{\"type\":\"webhook\",\"mode\":\"sync\"}",
                ExecutionStatus.RUNNING));
        responses.executionFinished(execution("e-2", "{\"type\":\"webhook\",\"mode\":\"sync\"}",
                ExecutionStatus.FAILED));

        assertThat(responses.await("e-2").join().finished().status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void executionsNobodyWaitsForAreNotKept() throws Exception {
        for (String trigger : new String[]{"{\"type\":\"webhook\",\"mode\":\"async\"}",
                "{\"type\":\"manual\"}",
                "{\"type\":\"schedule\",\"mode\":\"sync\"}",
                "{\"type\":\"webhook\",\"mode\":\"sync\",\"replayOf\":\"e-0\"}"}) {
            responses.executionStarted(execution("e-3", trigger, ExecutionStatus.RUNNING));
            responses.responded("e-3", JSON.readTree("{\"status\":200}"));
            responses.executionFinished(execution("e-3", trigger, ExecutionStatus.SUCCEEDED));
            assertThat(responses.await("e-3")).as(trigger).isNotCompleted();
            responses.forget("e-3");
        }
    }
}
