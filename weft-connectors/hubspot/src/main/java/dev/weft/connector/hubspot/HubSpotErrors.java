package dev.weft.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot's error answers as typed errors. HubSpot answers {@code {"status": "error", "message",
 * "correlationId", "category", "errors": [{"message", "context": {"propertyName": [...]}}]}}; the category
 * and status say what went wrong, the details name the properties and ids it names, and never the
 * credential. Stateless.
 */
final class HubSpotErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXISTING_ID = Pattern.compile("Existing ID: ?(\\d+)");
    /** HubSpot's ten-second rolling window, when a refusal does not say its own. */
    private static final Duration ROLLING_WINDOW = Duration.ofSeconds(10);

    static final String CREDENTIAL_HINT = "check the system's credential: a bearer credential holding a"
            + " private app's access token, or an oauth2RefreshToken credential of a public app, with the"
            + " scopes this needs";

    private HubSpotErrors() {
    }

    /** The typed error of a HubSpot answer that is not a success; {@code what} is the request, for messages. */
    static ConnectorException of(String what, HttpTransport.Response response, Instant now) {
        int status = response.status();
        JsonNode body = JsonApi.jsonOrEmpty(response);
        String category = body.path("category").asText(body.path("errorType").asText(""));
        String message = body.path("message").asText("");
        if (message.isEmpty()) {
            message = body.size() == 0 ? JsonApi.text(response) : "";
        }
        if (message.isEmpty()) {
            message = status == 404 ? "not found" : "no message";
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status);
        if (!category.isEmpty()) {
            details.put("category", category);
        }
        details.put("message", JsonApi.abbreviate(message));
        if (body.hasNonNull("correlationId")) {
            details.put("correlationId", body.get("correlationId").asText());
        }
        Set<String> properties = properties(body);
        String named = "";
        if (!properties.isEmpty()) {
            ArrayNode names = details.putArray("properties");
            properties.forEach(names::add);
            named = " (propert" + (properties.size() == 1 ? "y " : "ies ") + String.join(", ", properties)
                    + ")";
        }
        String text = what + " answered " + status + (category.isEmpty() ? "" : " " + category) + named + ": "
                + message + detailMessages(body);

        if (status == 429 || category.equals("RATE_LIMITS") || category.equals("RATE_LIMIT")) {
            return rateLimited(text, response, body, details, now);
        }
        return switch (status) {
            case 401 ->
                ConnectorException.permanent("hubspot.unauthorized", text + " (" + CREDENTIAL_HINT + ")",
                        details, null);
            case 403 -> ConnectorException.permanent("hubspot.forbidden", text + " (the token lacks a scope"
                    + " this needs: add it to the private app or the app's OAuth scopes"
                    + scopes(body, details) + ")", details, null);
            case 404 -> ConnectorException.permanent("hubspot.not_found", text, details, null);
            case 409 -> conflict(text, message, details);
            case 400, 422 -> ConnectorException.permanent("hubspot.invalid", text, details, null);
            case 423, 477 -> ConnectorException.retryable("hubspot.unavailable", text + " (the account is"
                    + " locked or migrating for a moment)", details, null);
            default -> {
                RateLimitHeaders.read(status, response::header, now).retryAfter()
                        .ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
                yield status >= 500 || status == 408
                        ? ConnectorException.retryable("hubspot.unavailable", text, details, null)
                        : ConnectorException.permanent("hubspot.refused", text, details, null);
            }
        };
    }

    /** A 409: a contact with the email exists already, and HubSpot says its id. */
    private static ConnectorException conflict(String text, String message, ObjectNode details) {
        Matcher m = EXISTING_ID.matcher(message);
        if (m.find()) {
            details.put("existingId", m.group(1));
            return ConnectorException.permanent("hubspot.conflict", text + " (the existing record's id is in"
                    + " details.existingId: update it instead)", details, null);
        }
        return ConnectorException.permanent("hubspot.conflict", text, details, null);
    }

    /**
     * A refusal for HubSpot's rate limit. How long to wait: a {@code Retry-After} when one is sent; else the
     * rolling window's length ({@code X-HubSpot-RateLimit-Interval-Milliseconds}, 10 s) for the ten-second
     * limit, and one second for the search endpoints' per-second limit. The daily limit resets at midnight in
     * the account's time zone, which the answer does not say: no wait is given then.
     */
    private static ConnectorException rateLimited(String text, HttpTransport.Response response, JsonNode body,
            ObjectNode details, Instant now) {
        String policy = body.path("policyName").asText("");
        if (!policy.isEmpty()) {
            details.put("policyName", policy);
        }
        for (String header : new String[]{"X-HubSpot-RateLimit-Max", "X-HubSpot-RateLimit-Remaining",
                "X-HubSpot-RateLimit-Interval-Milliseconds", "X-HubSpot-RateLimit-Daily",
                "X-HubSpot-RateLimit-Daily-Remaining"}) {
            String value = response.header(header);
            if (value != null) {
                details.put(header, value);
            }
        }
        Optional<Duration> wait = RateLimitHeaders.read(429, response::header, now).retryAfter();
        boolean daily = policy.equals("DAILY") || "0".equals(strip(response.header(
                "X-HubSpot-RateLimit-Daily-Remaining")));
        String hint;
        if (wait.isEmpty() && daily) {
            hint = " (HubSpot's daily limit: it resets at midnight in the account's time zone)";
        } else {
            if (wait.isEmpty()) {
                wait = Optional.of(window(response.header("X-HubSpot-RateLimit-Interval-Milliseconds"),
                        policy));
            }
            hint = " (retry in " + wait.get().toSeconds() + " s)";
        }
        return ConnectorException.rateLimited("hubspot.rate_limited", text + hint, wait.orElse(null),
                details);
    }

    private static Duration window(String intervalMillis, String policy) {
        if (intervalMillis != null && strip(intervalMillis).matches("\\d{1,9}")) {
            return Duration.ofMillis(Long.parseLong(strip(intervalMillis)));
        }
        // Without the headers: the ten-second window, or the search endpoints' per-second limit.
        return policy.equals("TEN_SECONDLY_ROLLING") ? ROLLING_WINDOW : Duration.ofSeconds(1);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** The properties an error names: {@code errors[].context.propertyName}, and the older embedded list. */
    static Set<String> properties(JsonNode body) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode error : body.path("errors")) {
            addAll(names, error.path("context").path("propertyName"));
        }
        addAll(names, body.path("context").path("propertyName"));
        // Older answers embed the property checks in the message: "Property values were not valid: [{...}]".
        String message = body.path("message").asText("");
        int list = message.indexOf("[{");
        if (names.isEmpty() && list >= 0) {
            try {
                for (JsonNode check : JSON.readTree(message.substring(list))) {
                    if (check.hasNonNull("name")) {
                        names.add(check.get("name").asText());
                    }
                }
            } catch (IOException notAList) {
                // the message is only text
            }
        }
        return names;
    }

    private static void addAll(Set<String> names, JsonNode value) {
        if (value.isArray()) {
            value.forEach(v -> names.add(v.asText()));
        } else if (value.isTextual()) {
            names.add(value.asText());
        }
    }

    private static String detailMessages(JsonNode body) {
        StringBuilder out = new StringBuilder();
        for (JsonNode error : body.path("errors")) {
            String m = error.path("message").asText("");
            if (!m.isEmpty() && !body.path("message").asText("").contains(m)) {
                out.append("; ").append(m);
            }
        }
        return JsonApi.abbreviate(out.toString());
    }

    private static String scopes(JsonNode body, ObjectNode details) {
        Set<String> scopes = new LinkedHashSet<>();
        for (JsonNode error : body.path("errors")) {
            addAll(scopes, error.path("context").path("requiredGranularScopes"));
            addAll(scopes, error.path("context").path("requiredScopes"));
        }
        if (scopes.isEmpty()) {
            return "";
        }
        ArrayNode list = details.putArray("requiredScopes");
        scopes.forEach(list::add);
        return ": " + String.join(", ", scopes);
    }

    /** One error of a batch's 207 answer, typed as a whole answer's would be, for the step's output. */
    static ObjectNode batchError(JsonNode error) {
        String category = error.path("category").asText("");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("code", switch (category) {
            case "OBJECT_NOT_FOUND" -> "hubspot.not_found";
            case "VALIDATION_ERROR" -> "hubspot.invalid";
            case "CONFLICT" -> "hubspot.conflict";
            case "RATE_LIMITS" -> "hubspot.rate_limited";
            default -> "hubspot.refused";
        });
        if (!category.isEmpty()) {
            out.put("category", category);
        }
        out.put("message", JsonApi.abbreviate(error.path("message").asText("")));
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        error.path("context").path("ids").forEach(id -> ids.add(id.asText()));
        if (!ids.isEmpty()) {
            out.set("ids", ids);
        }
        Set<String> properties = properties(error);
        if (!properties.isEmpty()) {
            properties.forEach(out.putArray("properties")::add);
        }
        return out;
    }
}
