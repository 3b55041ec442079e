package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A failed operation. {@link #retryable()} says whether trying again may succeed (a 503, a timeout)
 * or not (a 400, a validation error); {@link #details()} is recorded as the step's error details and
 * must never contain a secret.
 */
public final class ConnectorException extends Exception {
    private static final long serialVersionUID = 1L;
    /**
     * The field of {@link #details()} that says how many seconds the system asked to wait before the next
     * try (its {@code Retry-After}, or when its rate limit resets): the gateway's retries and the engine's
     * step retries wait at least that long.
     */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";
    /**
     * The field of {@link #details()} that is {@code true} when the system refused the call for its rate
     * limit (a 429): the system is up, so the gateway's circuit breaker does not count it as a failure.
     */
    public static final String RATE_LIMITED = "rateLimited";

    private final String code;
    private final boolean retryable;
    private final transient JsonNode details;

    private ConnectorException(String code, String message, boolean retryable, JsonNode details,
            Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
        this.details = details == null ? NullNode.getInstance() : details;
    }

    /** A failure that may go away when the step is tried again. */
    public static ConnectorException retryable(String code, String message, JsonNode details,
            Throwable cause) {
        return new ConnectorException(code, message, true, details, cause);
    }

    /** A failure that trying again will not fix (bad input, a refused request). */
    public static ConnectorException permanent(String code, String message, JsonNode details,
            Throwable cause) {
        return new ConnectorException(code, message, false, details, cause);
    }

    /** A short machine-readable code, for example {@code http.status} or {@code http.timeout}. */
    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public JsonNode details() {
        return details;
    }

    /**
     * A refusal by the system's rate limit: retryable, with {@link #RATE_LIMITED} and, when the system said
     * it, {@link #RETRY_AFTER_SECONDS} (rounded up) added to {@code details}.
     *
     * @param retryAfter how long the system asked to wait; null when it did not say
     */
    public static ConnectorException rateLimited(String code, String message, java.time.Duration retryAfter,
            com.fasterxml.jackson.databind.node.ObjectNode details) {
        com.fasterxml.jackson.databind.node.ObjectNode d = details != null
                ? details
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        d.put(RATE_LIMITED, true);
        if (retryAfter != null) {
            d.put(RETRY_AFTER_SECONDS, Math.max(0, (retryAfter.toMillis() + 999) / 1000));
        }
        return new ConnectorException(code, message, true, d, null);
    }

    /** How long the system asked to wait before the next try ({@link #RETRY_AFTER_SECONDS}), if it said. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        JsonNode seconds = details.get(RETRY_AFTER_SECONDS);
        return seconds != null && seconds.canConvertToLong() && seconds.asLong() >= 0
                ? java.util.Optional.of(java.time.Duration.ofSeconds(seconds.asLong()))
                : java.util.Optional.empty();
    }

    /** Whether the system refused the call for its rate limit ({@link #RATE_LIMITED}): it is up. */
    public boolean rateLimited() {
        return details.path(RATE_LIMITED).asBoolean(false);
    }
}
