package dev.weft.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExecutionTriggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExecutionRecord started(String trigger, String parentId) throws Exception {
        JsonNode t = trigger == null ? null : JSON.readTree(trigger);
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new ExecutionRecord("default", "x", "shop", "orders", 1, ExecutionStatus.QUEUED, null, t, null,
                null, at, at, null, null, null, null, 0, parentId, parentId == null ? null : "call");
    }

    @Test
    void aReplayIsAReplayWhateverStartedTheOriginalAndKeysOnIt() throws Exception {
        var replay = started("{\"type\":\"webhook\",\"deliveryId\":\"d-1\",\"replayOf\":\"x0\"}", null);

        assertThat(ExecutionTrigger.kind(replay)).isEqualTo("replay");
        assertThat(ExecutionTrigger.key(replay)).isEqualTo("x0");
    }

    @Test
    void theTypeNamesTheKindAndTheIdOfWhatStartedItIsTheKey() throws Exception {
        assertThat(ExecutionTrigger.kind(started("{\"type\":\"webhook\",\"deliveryId\":\"d-1\"}", null)))
                .isEqualTo("webhook");
        assertThat(ExecutionTrigger.key(started("{\"type\":\"webhook\",\"deliveryId\":\"d-1\"}", null)))
                .isEqualTo("d-1");
        assertThat(ExecutionTrigger.key(started("{\"type\":\"rabbitmq.consume\",\"eventId\":42}", null)))
                .isEqualTo("42");
        assertThat(ExecutionTrigger.key(started("{\"type\":\"flow\",\"executionId\":\"up\"}", null)))
                .isEqualTo("up");
        assertThat(ExecutionTrigger.key(started("{\"type\":\"schedule\",\"key\":\"nightly\"}", null)))
                .isNull();
        assertThat(ExecutionTrigger.kind(started("{\"type\":\"webhook\",\"replayOf\":null}", null)))
                .isEqualTo("webhook");
    }

    @Test
    void withoutATypeItIsASubflowWhenItHasAParentElseManual() throws Exception {
        assertThat(ExecutionTrigger.kind(started(null, null))).isEqualTo("manual");
        assertThat(ExecutionTrigger.key(started(null, null))).isNull();
        assertThat(ExecutionTrigger.kind(started(null, "parent"))).isEqualTo("subflow");
        assertThat(ExecutionTrigger.key(started(null, "parent"))).isEqualTo("parent");
        assertThat(ExecutionTrigger.kind(started("{\"type\":\"\"}", null))).isEqualTo("manual");
    }
}
