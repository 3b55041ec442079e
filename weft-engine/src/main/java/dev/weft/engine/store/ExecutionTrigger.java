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

    /** The longest id prefix a search takes. */
    public static final int MAX_PREFIX = 200;

    private ExecutionTrigger() {
    }

    /**
     * {@code kind} as a filter takes it (trimmed): one of {@link #KINDS} or a connector trigger's type, a word
     * of lowercase letters, digits, '.', '_' and '-'.
     *
     * @param field what the caller calls it, for the message ({@code trigger}, {@code --trigger})
     * @throws IllegalArgumentException naming {@code field}, what it takes and what it held
     */
    public static String filterKind(String field, String kind) {
        String k = kind.trim();
        if (!k.matches("[a-z0-9][a-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException(field + " must be among " + String.join(", ", KINDS)
                    + " or a connector trigger's type such as rabbitmq.consume (comma separated), but held '"
                    + kind + "'");
        }
        return k;
    }

    /**
     * {@code prefix} as a search takes it (trimmed): 1 to {@link #MAX_PREFIX} visible ASCII characters
     * without spaces, as execution ids and delivery keys are.
     *
     * @param field what the caller calls it, for the message ({@code q}, {@code --id})
     * @throws IllegalArgumentException naming {@code field}, what it takes and what it was
     */
    public static String idPrefix(String field, String prefix) {
        String p = prefix.trim();
        if (p.isEmpty() || p.length() > MAX_PREFIX || !p.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(field + " must be the start of an execution id or of the id of"
                    + " what started one (a replayed execution, a webhook delivery, an event), 1 to "
                    + MAX_PREFIX
                    + " visible ASCII characters without spaces, but was '" + prefix + "'");
        }
        return p;
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
