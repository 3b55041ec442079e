package dev.weft.connector.idurar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What IDURAR's refusals mean, from its source: an envelope {@code {success: false, result: null, message}},
 * with {@code jwtExpired: true} when the token was refused (answered 401, or 500 when the JWT library threw:
 * an expired or badly signed token), a Mongoose {@code error} whose {@code errors} name the fields (400
 * "Required fields are not supplied"), and a few 2xx answers that still say {@code success: false} (a payment
 * above what is due: 202). Stateless.
 */
final class IdurarErrors {
    static final String CREDENTIAL_HINT = "check the system's credential: a sessionLogin on <baseUrl>/api/login"
            + " with the user's email and password, the token at /result/token sent as Authorization: Bearer;"
            + " IDURAR's tokens last 24 hours, and a logged-out token is refused";

    private IdurarErrors() {
    }

    /** An empty answer that IDURAR gives with a 2xx and, for a search, {@code success: false}. */
    static boolean isNoneFound(int status, JsonNode answer) {
        String message = answer.path("message").asText("");
        return (status == 202 || status == 203) && answer.path("result").isArray()
                && answer.path("result").isEmpty()
                && (message.startsWith("No document found") || message.startsWith("Collection is Empty"));
    }

    static ConnectorException of(String what, HttpTransport.Response response) {
        int status = response.status();
        JsonNode body = JsonApi.jsonOrEmpty(response);
        String message = body.path("message").asText("").strip();
        if (message.isEmpty()) {
            message = body.isObject() && body.size() > 0 ? body.toString() : JsonApi.text(response);
        }
        List<String> fields = new ArrayList<>();
        body.path("error").path("errors").fieldNames().forEachRemaining(fields::add);
        String detail = body.path("errorMessage").asText("");
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status).put("message",
                JsonApi.abbreviate(message));
        if (!fields.isEmpty()) {
            details.putArray("fields")
                    .addAll(fields.stream().map(JsonNodeFactory.instance::textNode).toList());
        }
        String text = what + " answered " + status + ": " + message
                + (fields.isEmpty() ? "" : " (fields: " + String.join(", ", fields) + ")")
                + (detail.isEmpty() ? "" : " (" + JsonApi.abbreviate(detail) + ")");
        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, response::header, Instant.now());
        if (limit.exhausted()) {
            return ConnectorException.rateLimited("idurar.rate_limited", text,
                    limit.retryAfter().orElse(null),
                    details);
        }
        if (body.path("jwtExpired").asBoolean(false) || status == 401
                || status == 403 && message.equals("Invalid credentials.")) {
            return ConnectorException.permanent("idurar.unauthorized", text + " (the token was refused; "
                    + CREDENTIAL_HINT + ")", details, null);
        }
        if (status / 100 == 2) {
            return ConnectorException.permanent("idurar.invalid", text, details, null);
        }
        return switch (status) {
            case 400, 403, 422 -> ConnectorException.permanent("idurar.invalid", text, details, null);
            case 404 ->
                ConnectorException.permanent("idurar.not_found", message.startsWith("Api url doesn't exist")
                        ? text + " (IDURAR has no such route: check the system's baseUrl, the backend's root without"
                                + " /api)"
                        : text, details, null);
            case 409 -> ConnectorException.permanent("idurar.conflict", text, details, null);
            case 500 -> serverError(text, message, details);
            default -> {
                limit.retryAfter()
                        .ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
                yield status >= 500 || status == 408
                        ? ConnectorException.retryable("idurar.unavailable", text, details, null)
                        : ConnectorException.permanent("idurar.invalid", text, details, null);
            }
        };
    }

    /**
     * IDURAR answers 500 for everything its controllers throw: a database that is down (worth a retry), but also
     * an id that is not an ObjectId (Mongoose's CastError), a duplicate key, and a record another refers to that
     * is not there (the controller reads a field of null), which no retry fixes.
     */
    private static ConnectorException serverError(String text, String message, ObjectNode details) {
        if (message.startsWith("Cast to")) {
            return ConnectorException.permanent("idurar.invalid", text, details, null);
        }
        if (message.startsWith("E11000")) {
            return ConnectorException.permanent("idurar.conflict", text, details, null);
        }
        if (message.startsWith("Cannot destructure property") || message.startsWith("Cannot read propert")) {
            return ConnectorException.permanent("idurar.not_found", text + " (a record this refers to is not"
                    + " there, or was removed)", details, null);
        }
        return ConnectorException.retryable("idurar.unavailable", text, details, null);
    }
}
