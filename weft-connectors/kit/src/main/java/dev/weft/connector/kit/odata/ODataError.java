package dev.weft.connector.kit.odata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OData error body, either version: v4's {@code {"error": {"code", "message", "details": [{"code",
 * "message", "target"}]}}} (Dataverse sends this, its code a hex number such as {@code 0x80040217}) and v2's
 * {@code {"error": {"code", "message": {"lang", "value"}, "innererror": {"errordetails": [{"code",
 * "message", "severity"}]}}}} as SAP Gateway sends it. Stack traces and transaction ids in
 * {@code innererror} are left out. Immutable.
 *
 * @param details the messages of the details, each once, without the main message
 */
public record ODataError(String code, String message, List<String> details) {

    public ODataError {
        details = List.copyOf(details);
    }

    /** The error in {@code body}, or empty when it holds none (an HTML page, an empty body). */
    public static Optional<ODataError> read(JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || !error.isObject()) {
            return Optional.empty();
        }
        String code = error.path("code").asText("");
        JsonNode m = error.path("message");
        String message = m.isObject() ? m.path("value").asText("") : m.asText("");
        List<String> details = new ArrayList<>();
        for (JsonNode d : error.path("details")) {
            add(details, message, d);
        }
        for (JsonNode d : error.path("innererror").path("errordetails")) {
            add(details, message, d);
        }
        return Optional.of(new ODataError(code, message, details));
    }

    private static void add(List<String> details, String message, JsonNode detail) {
        JsonNode m = detail.path("message");
        String text = m.isObject() ? m.path("value").asText("") : m.asText("");
        String code = detail.path("code").asText("");
        String line = code.isEmpty() ? text : text + " [" + code + "]";
        if (!text.isEmpty() && !text.equals(message) && !details.contains(line)) {
            details.add(line);
        }
    }

    /** {@code message [code]; detail; detail}, for an error message. */
    public String describe() {
        StringBuilder out = new StringBuilder(message.isEmpty() ? "(no message)" : message);
        if (!code.isEmpty()) {
            out.append(" [").append(code).append(']');
        }
        details.forEach(d -> out.append("; ").append(d));
        return out.toString();
    }
}
