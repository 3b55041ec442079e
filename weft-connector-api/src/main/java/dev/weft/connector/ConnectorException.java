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
}
