package dev.weft.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A request that cannot be served, answered as {@code {"error": code, "message": ..., "details": [...]}}
 * with {@code status}. Messages name the field at fault and say what was expected; they never hold a
 * secret.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<JsonNode> details;

    public ApiException(int status, String code, String message, List<JsonNode> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<JsonNode> details() {
        return details;
    }
}
