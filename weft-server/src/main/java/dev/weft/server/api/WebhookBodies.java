package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Suggestions;
import dev.weft.outbound.EndpointSpec;
import dev.weft.outbound.Redaction;
import dev.weft.outbound.WebhookInputException;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import java.net.URI;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the JSON bodies of the outbound webhook API into what {@link dev.weft.outbound.OutboundWebhooks}
 * takes, checking their shape: an unknown field is refused naming the allowed ones, a value of the wrong type
 * naming the field and the type it takes (400 {@code webhook.invalid}). What the values mean (a URL the egress
 * rules allow, event patterns, a filter that compiles) the facade checks; its {@link WebhookInputException}
 * becomes a 400 with its code, naming the field. Stateless.
 */
final class WebhookBodies {
    static final String INVALID = "webhook.invalid";
    /** The fields of an endpoint a caller sets; an update may set any of them. */
    static final Set<String> ENDPOINT_FIELDS = Set.of("url", "events", "filter", "headers", "rateLimit",
            "concurrency", "enabled", "description");
    /** The fields an update may set to null, clearing them. */
    static final Set<String> CLEARABLE = Set.of("description", "filter", "headers", "rateLimit",
            "concurrency");

    private WebhookBodies() {
    }

    /** The body as an object whose fields are all among {@code allowed}. */
    static ObjectNode object(Exchange x, Set<String> allowed, String code, String what) {
        JsonNode body = x.jsonBody();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(code, "the body must be a JSON object: " + what);
        }
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!allowed.contains(field)) {
                throw ApiException.badRequest(code, "'" + field + "' is not a field here"
                        + Suggestions.didYouMean(field, allowed) + "; fields: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return (ObjectNode) body;
    }

    /**
     * An endpoint's settings from a create's or an update's body. For an update ({@code update} true) a
     * field given as null is cleared; for a create, null is the same as absent.
     */
    static EndpointSpec endpoint(ObjectNode body, boolean update) {
        List<String> clear = new ArrayList<>();
        if (update) {
            for (String field : (Iterable<String>) body::fieldNames) {
                if (body.get(field).isNull()) {
                    if (!CLEARABLE.contains(field)) {
                        throw ApiException.badRequest(INVALID, field + ": cannot be cleared; give a value"
                                + " or leave it out to keep it (null clears only "
                                + String.join(", ", new TreeSet<>(CLEARABLE)) + ")");
                    }
                    clear.add(field);
                }
            }
        }
        return new EndpointSpec(text(body, "url"), texts(body, "events"), text(body, "filter"),
                headers(body), integer(body, "rateLimit"), integer(body, "concurrency"),
                bool(body, "enabled"), text(body, "description"), clear);
    }

    static String text(JsonNode body, String field) {
        return text(body, field, INVALID);
    }

    /** A string field, or null when absent or null; another type is refused with {@code code}. */
    static String text(JsonNode body, String field, String code) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(code, field, "a string", v);
        }
        return v.asText();
    }

    private static List<String> texts(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array of event types or patterns, such as [\"invoice.*\"]", v);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw wrongType(field + "[" + i + "]", "a string (an event type or a pattern with *)",
                        v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    private static Map<String, String> headers(JsonNode body) {
        JsonNode v = body.get("headers");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType("headers", "an object of header names to string values", v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> h : v.properties()) {
            if (!h.getValue().isTextual()) {
                throw wrongType("headers." + h.getKey(), "a string", h.getValue());
            }
            out.put(h.getKey(), h.getValue().asText());
        }
        return out;
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(field, "a whole number", v);
        }
        return v.intValue();
    }

    private static Boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.booleanValue();
    }

    private static ApiException wrongType(String field, String expected, JsonNode was) {
        return wrongType(INVALID, field, expected, was);
    }

    private static ApiException wrongType(String code, String field, String expected, JsonNode was) {
        return new ApiException(400, code, field + ": must be " + expected + ", but was "
                + (was.isTextual()
                        ? "the string " + was
                        : was.getNodeType().name().toLowerCase(Locale.ROOT)
                                + (was.isNumber() ? " " + was : "")),
                List.of(field(field)));
    }

    private static JsonNode field(String name) {
        ObjectNode field = Exchange.JSON.createObjectNode();
        field.put("field", name);
        return field;
    }

    /**
     * Runs a call of the facade, answering its input errors 400 with their code, naming the field, and a
     * change that others' changes kept overtaking 409.
     */
    static <T> T checked(Supplier<T> call) {
        try {
            return call.get();
        } catch (WebhookInputException e) {
            throw refused(e);
        } catch (ConcurrentModificationException e) {
            throw new ApiException(409, "webhook.conflict", e.getMessage());
        }
    }

    /**
     * An update's headers with each value shown {@value Redaction#REDACTED} (a GET's answer sent back) taken
     * from the stored endpoint's header of that name (in any case), so that a client that did not see a secret
     * header's value keeps it. {@value Redaction#REDACTED} is refused for a header the endpoint does not have,
     * and for any header when the update moves the url to another host ({@code moves}): a secret goes to
     * another host only when given again.
     */
    static Map<String, String> keepRedacted(Map<String, String> given, Map<String, String> stored,
            boolean moves) {
        if (given == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : given.entrySet()) {
            if (!h.getValue().equals(Redaction.REDACTED)) {
                out.put(h.getKey(), h.getValue());
                continue;
            }
            if (moves) {
                throw redacted(h.getKey(), "the url moves to another host, and a stored value goes there only"
                        + " when given again");
            }
            String kept = stored.entrySet().stream().filter(s -> s.getKey().equalsIgnoreCase(h.getKey()))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> redacted(h.getKey(), "the endpoint has no header " + h.getKey()
                            + " whose value it could keep"));
            out.put(h.getKey(), kept);
        }
        return out;
    }

    /** Refuses a new endpoint's header whose value is {@value Redaction#REDACTED} (there is none to keep). */
    static void refuseRedacted(Map<String, String> headers) {
        if (headers == null) {
            return;
        }
        headers.forEach((name, value) -> {
            if (value.equals(Redaction.REDACTED)) {
                throw redacted(name, "a new endpoint has no value to keep");
            }
        });
    }

    private static ApiException redacted(String name, String why) {
        return invalid("headers." + name, "headers." + name + ": " + Redaction.REDACTED + " is what the API"
                + " shows for a secret header's value, and stands for the stored value only when sent back"
                + " for a header the endpoint has; " + why + "; send the real value");
    }

    /** A 400 {@value #INVALID} about {@code field}, named in the details. */
    static ApiException invalid(String field, String message) {
        return new ApiException(400, INVALID, message, List.of(field(field)));
    }

    /**
     * Whether two endpoint URLs have the same scheme, host and port (as the facade compares them when a url
     * moves); a URL that is not one is another origin (the facade then refuses it).
     */
    static boolean sameOrigin(String a, String b) {
        try {
            URI x = URI.create(a);
            URI y = URI.create(b);
            return Objects.equals(x.getScheme(), y.getScheme())
                    && Objects.equals(lower(x.getHost()), lower(y.getHost())) && x.getPort() == y.getPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String lower(String host) {
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    /**
     * A facade's error as the API answers it: 400 (409 for the state of the endpoint or delivery: disabled,
     * being sent, changed by another request), its code, and the field in the details.
     */
    static ApiException refused(WebhookInputException e) {
        // About the state, not the input: the same request can succeed later (409).
        boolean state = Set.of("webhook.disabled", "webhook.in_flight", "webhook.conflict")
                .contains(e.code());
        return new ApiException(state ? 409 : 400, e.code(), e.getMessage(),
                e.field() == null ? List.of() : List.of(field(e.field())));
    }
}
