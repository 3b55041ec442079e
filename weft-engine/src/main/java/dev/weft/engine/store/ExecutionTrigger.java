package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the executions list filters and searches by, read from an execution's trigger: the kind that started
 * it and the key that ties it to what did. Stores keep both beside the row, indexed. Stateless.
 */
public final class ExecutionTrigger {

    /** The kinds the platform starts executions with; connector triggers add their own ({@code rabbitmq.consume}). */
    public static final List<String> KINDS = List.of("manual", "webhook", "schedule", "flow", "subflow",
            "replay");

    /** The trigger fields that name what started an execution, in the order they are looked for. */
    private static final List<String> KEY_FIELDS = List.of("replayOf", "deliveryId", "eventId",
            "executionId");

    private ExecutionTrigger() {
    }

    /**
     * The kind that started {@code r}: {@code replay} for a replay (whatever started the original), else the
     * trigger's {@code type}; an execution without one is a {@code subflow} when it has a parent, else
     * {@code manual} (started through the API or the CLI).
     */
    public static String kind(ExecutionRecord r) {
        JsonNode t = r.trigger();
        if (t != null && t.hasNonNull("replayOf")) {
            return "replay";
        }
        if (t != null && t.path("type").isTextual() && !t.path("type").asText().isEmpty()) {
            return t.path("type").asText();
        }
        return r.parentId() == null ? "manual" : "subflow";
    }

    /**
     * The id of what started {@code r}, if it names one: the execution a replay replays, a webhook's delivery
     * id, a connector event's id, the execution whose end started a flow trigger, or a subflow's parent.
     */
    public static String key(ExecutionRecord r) {
        JsonNode t = r.trigger();
        if (t != null) {
            for (String field : KEY_FIELDS) {
                JsonNode v = t.get(field);
                if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                    return v.asText();
                }
            }
        }
        return r.parentId();
    }
}
