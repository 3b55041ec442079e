package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call through the gateway, as observers see it: no input, no output and no credential, only what an
 * audit trail and metrics need.
 *
 * @param system the system called, or {@code (connector without a system)} for a call without one
 * @param operation the operation, for example {@code http.request}
 * @param endpoint the endpoint's base URL when the system has several ({@code policy.endpoints}), else null
 * @param outcome how the call ended
 * @param errorCode the error's code when it did not succeed (for a fallback, the error it replaced), else
 *     null
 * @param attempts how many times the system was called (0 for a cache hit or a refusal)
 * @param nanos how long the call took in the gateway, retries and backoff included
 * @param idempotencyKey the call's idempotency key ({@code <execution id>:<step path>} for a step)
 * @param traceId the call's W3C trace id, or null outside a trace
 * @param usage what an answered call's output reports it used: the numbers of its top-level {@code usage}
 *     object by field name ({@code promptTokens}, {@code completionTokens}, ...), see {@link #usageOf}; empty
 *     for other outputs and for calls that were not answered by the system
 */
public record CallEvent(String system, String operation, String endpoint, Outcome outcome, String errorCode,
        int attempts, long nanos, String idempotencyKey, String traceId, Map<String, Double> usage) {

    public CallEvent {
        usage = usage == null ? Map.of() : Map.copyOf(usage);
    }

    /** A call whose output reports no usage. */
    public CallEvent(String system, String operation, String endpoint, Outcome outcome, String errorCode,
            int attempts, long nanos, String idempotencyKey, String traceId) {
        this(system, operation, endpoint, outcome, errorCode, attempts, nanos, idempotencyKey, traceId,
                Map.of());
    }

    /**
     * The usage an operation's output reports, by the platform's convention: the number fields of its
     * top-level {@code usage} object ({@code {"usage": {"promptTokens": 12, "completionTokens": 30}}}), other
     * fields ignored; empty when it has none. Connectors whose calls cost by some measure (an LLM's tokens)
     * report it so, and the gateway's metrics count it ({@code weft_call_usage_total}).
     */
    public static Map<String, Double> usageOf(JsonNode output) {
        JsonNode usage = output == null ? null : output.get("usage");
        if (usage == null || !usage.isObject() || usage.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : usage.properties()) {
            if (field.getValue().isNumber()) {
                out.put(field.getKey(), field.getValue().doubleValue());
            }
        }
        return out;
    }

    /** How a call ended. */
    public enum Outcome {
        /** The system answered. */
        OK,
        /** The response cache answered; the system was not called. */
        CACHED,
        /** The system refused the call for good (a permanent error: a 4xx, invalid input). */
        FAILED,
        /** The system could not be reached or kept failing (a retryable error after the last attempt). */
        UNAVAILABLE,
        /** The gateway did not call: the breaker is open, or the rate limit or bulkhead refused. */
        REJECTED,
        /** The call failed as UNAVAILABLE or REJECTED and the policy's fallback answered instead. */
        FALLBACK;

        /** The name in metrics and logs, for example {@code unavailable}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
