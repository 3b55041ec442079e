package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the fields of an operation's input or a trigger's configuration, for connectors: every rejection is
 * a permanent {@link ConnectorException} that names the operation (or trigger) and the field, with the code
 * {@code <connector>.input} (an operation's input) or {@code <connector>.config} (a trigger's
 * configuration). Immutable.
 *
 * @param what the operation or trigger, for messages: {@code nats.publish}
 * @param code the error code: {@code nats.input} or {@code nats.config}
 */
public record Inputs(String what, String code) {

    /** For the input of {@code operation} ({@code nats.publish}): errors coded {@code nats.input}. */
    public static Inputs ofOperation(String operation) {
        return new Inputs(operation, prefix(operation) + ".input");
    }

    /** For the configuration of {@code trigger} ({@code nats.consume}): errors coded {@code nats.config}. */
    public static Inputs ofTrigger(String trigger) {
        return new Inputs(trigger + " config", prefix(trigger) + ".config");
    }

    private static String prefix(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    public ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent(code, what + ": '" + field + "' " + problem, null, null);
    }

    /** A string field, or {@code fallback} when it is missing or null. */
    public String text(JsonNode input, String field, String fallback) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw invalid(field, "must be a string, but was " + value.getNodeType());
        }
        return value.textValue();
    }

    /** A string field that must be given and not be empty. */
    public String required(JsonNode input, String field, String example) throws ConnectorException {
        String value = text(input, field, null);
        if (value == null || value.isEmpty()) {
            throw invalid(field, "is required, for example \"" + example + "\"");
        }
        return value;
    }

    public boolean bool(JsonNode input, String field, boolean fallback) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(field, "must be true or false, but was " + value);
        }
        return value.booleanValue();
    }

    public int integer(JsonNode input, String field, int fallback, int min, int max)
            throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min
                || value.intValue() > max) {
            throw invalid(field, "must be an integer from " + min + " to " + max + ", but was " + value);
        }
        return value.intValue();
    }

    /**
     * A blob reference ({@code {"$blob": "sha256:…", "size": 123, ...}}, see {@link BlobRef}), or null when
     * the field is missing or null.
     */
    public BlobRef blob(JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return BlobRef.fromJson(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "is not a blob reference: " + e.getMessage());
        }
    }

    /** A list of strings that must not be empty, each not empty. */
    public List<String> strings(JsonNode input, String field, String example) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            throw invalid(field, "is required: a list such as [\"" + example + "\"]");
        }
        if (!value.isArray() || value.isEmpty()) {
            throw invalid(field,
                    "must be a non-empty list of strings, such as [\"" + example + "\"], but was "
                            + value);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isEmpty()) {
                throw invalid(field, "must hold non-empty strings only, but held " + item);
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }

    /** Rejects an input that is not an object, and fields the schema does not declare. */
    public void requireObject(JsonNode input, Set<String> fields) throws ConnectorException {
        if (!input.isObject()) {
            throw ConnectorException.permanent(code, what + " must be an object, but was " + input
                    .getNodeType(), null, null);
        }
        for (String name : (Iterable<String>) input::fieldNames) {
            if (!fields.contains(name)) {
                throw invalid(name,
                        "is not a field of " + what + "; the fields are " + new TreeSet<>(
                                fields));
            }
        }
    }
}
