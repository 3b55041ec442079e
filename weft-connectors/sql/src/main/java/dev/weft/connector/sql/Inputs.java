package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of an operation's input or a trigger's configuration. The platform has checked them
 * against the declared schema already; these checks repeat what the connector relies on, so that a call
 * made around the platform still fails with a message naming the field. Stateless.
 */
final class Inputs {
    private static final int MAX_QUOTED = 120;

    private Inputs() {
    }

    /** A permanent {@code <id>.input} error: {@code postgres.insert: 'rows[2]' must be an object}. */
    static ConnectorException invalid(Dialect dialect, String operation, String field, String problem) {
        return ConnectorException.permanent(dialect.id() + ".input",
                dialect.id() + "." + operation + ": '" + field + "' " + problem, null, null);
    }

    /** A required non-empty string. */
    static String text(Dialect dialect, String operation, JsonNode input, String field)
            throws ConnectorException {
        return text(dialect, operation, input, field, field);
    }

    /** A required non-empty string; {@code shownAs} is its path in messages ({@code statements[1].sql}). */
    static String text(Dialect dialect, String operation, JsonNode input, String key, String field)
            throws ConnectorException {
        JsonNode value = input.get(key);
        if (value == null || value.isNull()) {
            throw invalid(dialect, operation, field, "is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw invalid(dialect, operation, field, "must be a non-empty string, but was " + shown(value));
        }
        return value.textValue();
    }

    /** An optional string, or null. */
    static String optionalText(Dialect dialect, String operation, JsonNode input, String field)
            throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(dialect, operation, field, "must be a string, but was " + shown(value));
        }
        return value.textValue();
    }

    /** An optional integer between {@code min} and {@code max}, else {@code fallback}. */
    static int integer(Dialect dialect, String operation, JsonNode input, String field, int fallback, int min,
            int max) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min
                || value.intValue() > max) {
            throw invalid(dialect, operation, field,
                    "must be a whole number from " + min + " to " + max + ", but was " + shown(value));
        }
        return value.intValue();
    }

    /** A required array of objects with at least one element. */
    static List<JsonNode> objects(Dialect dialect, String operation, JsonNode input, String field, int max)
            throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw invalid(dialect, operation, field, "must be a non-empty array of objects, but was "
                    + (value == null ? "missing" : shown(value)));
        }
        if (value.size() > max) {
            throw invalid(dialect, operation, field,
                    "has " + value.size() + " elements; at most " + max + " are taken in one call");
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw invalid(dialect, operation, field + "[" + i + "]",
                        "must be an object, but was " + shown(value.get(i)));
            }
            out.add(value.get(i));
        }
        return out;
    }

    /** A required array of non-empty strings with at least one element. */
    static List<String> names(Dialect dialect, String operation, JsonNode input, String field)
            throws ConnectorException {
        return names(dialect, operation, input, field, Integer.MAX_VALUE);
    }

    /** A required array of one to {@code max} distinct strings. */
    static List<String> names(Dialect dialect, String operation, JsonNode input, String field, int max)
            throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw invalid(dialect, operation, field, "must be a non-empty array of column names, but was "
                    + (value == null ? "missing" : shown(value)));
        }
        if (value.size() > max) {
            throw invalid(dialect, operation, field, "names " + value.size() + " columns; at most " + max
                    + " are taken");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw invalid(dialect, operation, field + "[" + i + "]",
                        "must be a column name, but was " + shown(value.get(i)));
            }
            if (out.contains(value.get(i).textValue())) {
                throw invalid(dialect, operation, field, "names '" + value.get(i).textValue() + "' twice");
            }
            out.add(value.get(i).textValue());
        }
        return out;
    }

    /**
     * A required array of one to {@code max} tuples, each an array of {@code arity} scalar values (null, a
     * boolean, a number or a string); {@code of} names what the tuples' values are for, for messages.
     */
    static List<List<JsonNode>> tuples(Dialect dialect, String operation, JsonNode input, String field,
            int arity, int max, String of) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw invalid(dialect, operation, field, "must be a non-empty array of arrays (one value per "
                    + of + "), but was " + (value == null ? "missing" : shown(value)));
        }
        if (value.size() > max) {
            throw invalid(dialect, operation, field,
                    "has " + value.size() + " elements; at most " + max + " are taken in one call");
        }
        List<List<JsonNode>> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode tuple = value.get(i);
            if (!tuple.isArray() || tuple.size() != arity) {
                throw invalid(dialect, operation, field + "[" + i + "]", "must be an array of " + arity
                        + " value" + (arity == 1 ? "" : "s") + " (one per " + of + "), but was "
                        + shown(tuple));
            }
            List<JsonNode> values = new ArrayList<>();
            for (int j = 0; j < arity; j++) {
                if (tuple.get(j).isContainerNode()) {
                    throw invalid(dialect, operation, field + "[" + i + "][" + j + "]",
                            "must be null, a boolean, a number or a string, but was " + shown(tuple.get(j)));
                }
                values.add(tuple.get(j));
            }
            out.add(values);
        }
        return out;
    }

    /** A value for a message: its type, and the value itself when short. */
    static String shown(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + (text.length() <= MAX_QUOTED ? " " + text : "");
    }
}
