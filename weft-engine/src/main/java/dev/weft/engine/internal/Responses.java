package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The rendered output of a {@code respond} step, checked: what the webhook caller will be sent. */
final class Responses {
    private Responses() {
    }

    /**
     * {@code {status, headers, body}} with status an integer from 200 to 599 and headers an object of
     * strings; anything else is a step error that names the field.
     */
    static JsonNode checked(JsonNode rendered, String stepId) {
        JsonNode status = rendered.get("status");
        int code = status != null && status.canConvertToInt() && status.isIntegralNumber()
                ? status.asInt()
                : status != null && status.isTextual() && status.asText().matches("\\d{3}")
                        ? Integer.parseInt(status.asText())
                        : -1;
        // 1xx are interim answers (101 would switch the webhook's connection to another protocol): never a
        // flow's to give.
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException(
                    "status must be a final HTTP status from 200 to 599, but was " + status);
        }
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        JsonNode given = rendered.get("headers");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new IllegalArgumentException(
                        "headers must be an object, but was " + given.getNodeType());
            }
            for (Map.Entry<String, JsonNode> h : given.properties()) {
                if (!h.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new IllegalArgumentException("header name '" + h.getKey() + "' is not a valid HTTP"
                            + " header name");
                }
                String value = h.getValue().isTextual() ? h.getValue().asText() : h.getValue().toString();
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("header '" + h.getKey() + "' holds a line break");
                }
                headers.put(h.getKey(), value);
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("status", code);
        out.set("headers", headers);
        out.set("body",
                rendered.get("body") == null ? JsonNodeFactory.instance.nullNode() : rendered.get("body"));
        return out;
    }
}
