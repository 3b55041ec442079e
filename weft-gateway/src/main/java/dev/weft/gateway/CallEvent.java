package dev.weft.gateway;

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
 */
public record CallEvent(String system, String operation, String endpoint, Outcome outcome, String errorCode,
        int attempts, long nanos, String idempotencyKey, String traceId) {

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
