package dev.weft.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * What Salesforce's refusals mean. Salesforce answers an error as a JSON array of
 * {@code {"message", "errorCode", "fields"}} (the REST API, Bulk API 2.0 and each composite subrequest alike);
 * the status and the first error's code decide the type, and the message names every error and field.
 * Stateless.
 */
final class SalesforceErrors {
    /** Codes of a record locked by another transaction, or of a busy org: trying again later may succeed. */
    private static final Set<String> RETRYABLE_CODES = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE",
            "UNKNOWN_EXCEPTION", "REQUEST_RUNNING_TOO_LONG", "QUERY_TIMEOUT");

    private SalesforceErrors() {
    }

    /**
     * The typed error of a refusal.
     *
     * @param what the request, for the message: {@code PATCH /sobjects/Account/001...}
     * @param body the answer's body ({@code [{message, errorCode, fields}]}), or an empty object
     * @param header the answer's headers by name (for {@code Retry-After} and {@code Sforce-Limit-Info}); a
     *     composite subrequest's headers
     */
    static ConnectorException of(String what, int status, JsonNode body, Function<String, String> header,
            Instant now) {
        JsonNode errors = body.isArray() ? body : JsonNodeFactory.instance.arrayNode().add(body);
        String code = errors.path(0).path("errorCode").asText("");
        Set<String> fields = new LinkedHashSet<>();
        StringBuilder messages = new StringBuilder();
        for (JsonNode e : errors) {
            if (!messages.isEmpty()) {
                messages.append("; ");
            }
            String message = e.path("message").asText(e.isTextual() ? e.asText() : "");
            messages.append(e.hasNonNull("errorCode") ? e.get("errorCode").asText() + ": " : "")
                    .append(message);
            e.path("fields").forEach(f -> fields.add(f.asText()));
        }
        if (messages.isEmpty()) {
            messages.append("(no message)");
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status)
                .put("errorCode", code)
                .put("message", JsonApi.abbreviate(messages.toString()));
        ArrayNode fieldList = details.putArray("fields");
        fields.forEach(fieldList::add);
        String text = what + " answered " + status + " " + JsonApi.abbreviate(messages.toString())
                + (fields.isEmpty() ? "" : " (fields: " + String.join(", ", fields) + ")");

        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, header, now);
        if (code.equals("REQUEST_LIMIT_EXCEEDED") || limit.exhausted()) {
            String usage = header.apply("Sforce-Limit-Info");
            if (usage != null) {
                details.put("limitInfo", usage);
            }
            return ConnectorException.rateLimited("salesforce.rate_limited", text + " (the org's API request"
                    + " limit: " + (usage == null ? "" : usage + ", ")
                    + "a rolling 24-hour window, or too many"
                    + " long requests at once; the step's retry waits)", limit.retryAfter().orElse(null),
                    details);
        }
        if (status >= 500 || status == 408 || RETRYABLE_CODES.contains(code)) {
            limit.retryAfter().ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS,
                    d.toSeconds()));
            return ConnectorException.retryable("salesforce.unavailable", text, details, null);
        }
        return switch (status) {
            case 401 -> ConnectorException.permanent("salesforce.unauthorized", text
                    + " (the access token was"
                    + " refused: check the system's credential, an oauth2RefreshToken, oauth2JwtBearer or"
                    + " oauth2ClientCredentials credential of a connected app of this org, and that baseUrl is the org's own instance URL)",
                    details, null);
            case 403 -> ConnectorException.permanent("salesforce.forbidden", text + " (the integration user"
                    + " lacks a permission this needs, or the org has no API access)", details, null);
            case 404 -> ConnectorException.permanent("salesforce.not_found", text, details, null);
            case 300 -> ConnectorException.permanent("salesforce.multiple_matches", text, details, null);
            default -> ConnectorException.permanent("salesforce.invalid", text + (fields.isEmpty()
                    ? ""
                    : "; correct or give the fields named"), details, null);
        };
    }

    /** The same error (code, retryable, rate limit, details) with another message. */
    static ConnectorException withMessage(ConnectorException e, String message) {
        if (e.rateLimited()) {
            return ConnectorException.rateLimited(e.code(), message, e.retryAfter().orElse(null),
                    e.details().isObject() ? (ObjectNode) e.details() : null);
        }
        return e.retryable()
                ? ConnectorException.retryable(e.code(), message, e.details(), null)
                : ConnectorException.permanent(e.code(), message, e.details(), null);
    }
}
