package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Blobs;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an API answered, as an operation's output ({@code status}, a subset of the headers, {@code body}), or
 * as a typed error: 4xx permanent with the answer's own message, a rate limit (429, or a limit the headers
 * say is spent) through {@link ConnectorException#rateLimited}, 408 and 5xx retryable. Stateless.
 */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers worth a flow's while; never a cookie. */
    private static final Set<String> KEPT = Set.of("content-type", "location", "etag", "last-modified",
            "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
            "ratelimit-limit",
            "ratelimit-remaining", "ratelimit-reset", "x-request-id", "x-total-count", "link");

    private Answers() {
    }

    static ObjectNode output(ApiOperation op, HttpTransport.Response response, Blobs blobs)
            throws ConnectorException {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("status", response.status());
        ObjectNode headers = out.putObject("headers");
        for (Map.Entry<String, String> h : response.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if ((KEPT.contains(name) || op.responseHeaders().contains(name)) && !name.equals("set-cookie")) {
                headers.put(name, headers.has(name)
                        ? headers.get(name).asText() + ", " + h.getValue()
                        : h.getValue());
            }
        }
        out.set("body", body(response, blobs));
        return out;
    }

    /** JSON when it is JSON, text when it is text, else the bytes stored as a blob. */
    private static JsonNode body(HttpTransport.Response response, Blobs blobs) throws ConnectorException {
        byte[] bytes = response.body();
        if (bytes == null || bytes.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        String type = String.valueOf(response.header("Content-Type")).toLowerCase(Locale.ROOT);
        if (type.contains("json") || type.equals("null")) {
            try {
                return JSON.readTree(bytes);
            } catch (IOException notJson) {
                if (type.contains("json")) {
                    throw ConnectorException.permanent("openapi.not_json", "the answer says it is JSON ("
                            + type + ") but is not: " + JsonApi.abbreviate(new String(bytes,
                                    StandardCharsets.UTF_8)),
                            null, null);
                }
            }
        }
        if (type.startsWith("text/") || type.contains("xml") || type.equals("null")) {
            return JsonNodeFactory.instance.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
        try {
            return blobs.put(new ByteArrayInputStream(bytes), type).toJson();
        } catch (IOException e) {
            throw ConnectorException.retryable("openapi.blob", "cannot store the answer's " + bytes.length
                    + " bytes of " + type + ": " + e.getMessage(), null, e);
        }
    }

    /** A typed error for an answer that is not a 2xx. */
    static ConnectorException error(ApiOperation op, HttpTransport.Response response, Instant now) {
        int status = response.status();
        JsonNode body = JsonApi.jsonOrEmpty(response);
        String message = message(body);
        if (message == null) {
            message = JsonApi.text(response);
        }
        String text = OpenApiConnector.ID + " " + op.operationId() + " (" + op.method() + " " + op.path()
                + ") answered " + status + (message.isBlank() ? "" : ": " + message);
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status)
                .put("operationId", op.operationId()).put("message", JsonApi.abbreviate(message));
        if (!body.isEmpty() && body.toString().length() <= JsonApi.MAX_ERROR_CHARS) {
            details.set("body", body);
        }
        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, response::header, now);
        if (limit.exhausted()) {
            return ConnectorException.rateLimited("openapi.rate_limited", text,
                    limit.retryAfter().orElse(null),
                    details);
        }
        limit.retryAfter().ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
        return switch (status) {
            case 401 -> ConnectorException.permanent("openapi.unauthorized", text + " (check the system's"
                    + " credential: its type must fit one of the operation's security schemes"
                    + (op.security().isEmpty() ? "" : ", " + String.join(" or ", op.security())) + ")",
                    details, null);
            case 403 ->
                ConnectorException.permanent("openapi.forbidden", text + " (the credential is accepted"
                        + " but may not do this)", details, null);
            case 404 -> ConnectorException.permanent("openapi.not_found", text, details, null);
            case 409 -> ConnectorException.permanent("openapi.conflict", text, details, null);
            case 408 -> ConnectorException.retryable("openapi.unavailable", text, details, null);
            case 501 -> ConnectorException.permanent("openapi.not_implemented", text + " (the server does not"
                    + " implement what its document says)", details, null);
            default -> status >= 500
                    ? ConnectorException.retryable("openapi.unavailable", text, details, null)
                    : status >= 400
                            ? ConnectorException.permanent("openapi.refused", text, details, null)
                            : ConnectorException.permanent("openapi.unexpected_status",
                                    text + " (redirects are"
                                            + " not followed; check the system's baseUrl)",
                                    details, null);
        };
    }

    /** The message of an error body in the shapes APIs use most ({@code message}, RFC 9457's detail...). */
    private static String message(JsonNode body) {
        for (String field : new String[]{"message", "detail", "error_description", "title", "error"}) {
            JsonNode value = body.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
            if (value != null && value.isObject() && value.path("message").isTextual()) {
                return value.get("message").asText();
            }
        }
        JsonNode errors = body.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            return first.isTextual() ? first.asText() : first.path("message").asText(null);
        }
        return null;
    }
}
