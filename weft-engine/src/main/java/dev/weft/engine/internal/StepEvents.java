package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionRecord;
import java.time.Instant;

/** The feed events of steps: a failed step, a custom event an {@code emit} step publishes. Stateless. */
final class StepEvents {
    private StepEvents() {
    }

    /** {@code step.failed}: which step of which execution, its attempt, and its error's code and message. */
    static EventRecord failed(ExecutionRecord e, String stepId, String path, int attempt, JsonNode error,
            Instant now) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("executionId", e.id());
        payload.put("flow", e.namespace() + "/" + e.flowId());
        payload.put("version", e.flowVersion());
        payload.put("step", stepId);
        payload.put("path", path);
        payload.put("attempt", attempt);
        if (error != null) {
            ObjectNode summary = payload.putObject("error");
            summary.set("code", error.get("code"));
            summary.set("message", error.get("message"));
        }
        return EventRecord.of(e.tenantId(), EventRecord.STEP_FAILED, e.id(), payload, now);
    }
}
