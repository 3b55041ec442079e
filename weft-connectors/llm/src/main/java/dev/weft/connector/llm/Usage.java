package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The tokens an answer used, as the endpoint reported them ({@code usage.prompt_tokens} and so on); a count
 * the endpoint did not report is -1 and is left out of the output. The gateway counts an output's
 * {@code usage} in its metrics ({@code weft_call_usage_total}). Immutable.
 */
record Usage(long promptTokens, long completionTokens, long totalTokens) {
    static final Usage NONE = new Usage(-1, -1, -1);

    /** The {@code usage} object of an OpenAI answer (or a stream's last chunk); {@link #NONE} without one. */
    static Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return NONE;
        }
        return new Usage(count(usage, "prompt_tokens"), count(usage, "completion_tokens"),
                count(usage, "total_tokens"));
    }

    private static long count(JsonNode usage, String field) {
        JsonNode n = usage.get(field);
        return n != null && n.canConvertToLong() && n.asLong() >= 0 ? n.asLong() : -1;
    }

    /** Both answers' tokens: a count either reported is summed. */
    Usage plus(Usage other) {
        return new Usage(sum(promptTokens, other.promptTokens), sum(completionTokens, other.completionTokens),
                sum(totalTokens, other.totalTokens));
    }

    private static long sum(long a, long b) {
        return a < 0 ? b : b < 0 ? a : a + b;
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (promptTokens >= 0) {
            o.put("promptTokens", promptTokens);
        }
        if (completionTokens >= 0) {
            o.put("completionTokens", completionTokens);
        }
        if (totalTokens >= 0) {
            o.put("totalTokens", totalTokens);
        } else if (promptTokens >= 0 && completionTokens >= 0) {
            o.put("totalTokens", promptTokens + completionTokens);
        }
        return o;
    }
}
