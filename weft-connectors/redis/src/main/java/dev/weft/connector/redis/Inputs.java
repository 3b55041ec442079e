package dev.weft.connector.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of an operation's input or a trigger's configuration. The platform has checked them
 * against the declared schemas already; these checks stand for callers that did not, and their errors
 * ({@code redis.input}) name the field and say what it must be. Stateless.
 */
final class Inputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Inputs() {
    }

    static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent("redis.input", field + " " + problem, null, null);
    }

    /** A required, non-empty string. */
    static String text(JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw invalid(field, "is required: give a non-empty string");
        }
        return value.textValue();
    }

    /** An optional string, or {@code fallback}. */
    static String text(JsonNode input, String field, String fallback) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw invalid(field, "must be a non-empty string, but was " + value);
        }
        return value.textValue();
    }

    /** An optional integer of at least {@code min}, or {@code fallback} (which may be null). */
    static Long integer(JsonNode input, String field, long min, Long fallback) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min) {
            throw invalid(field, "must be an integer of at least " + min + ", but was " + value);
        }
        return value.longValue();
    }

    static boolean flag(JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(field, "must be true or false, but was " + value);
        }
        return value.booleanValue();
    }

    /** A required, non-empty array of non-empty strings. */
    static String[] texts(JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw invalid(field, "is required: give a non-empty array of strings");
        }
        List<String> all = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isEmpty()) {
                throw invalid(field, "must hold non-empty strings only, but held " + item);
            }
            all.add(item.textValue());
        }
        return all.toArray(String[]::new);
    }

    /** A required, non-empty object whose values are stored as {@link #stored} text. */
    static Map<String, String> fields(JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isObject() || value.isEmpty()) {
            throw invalid(field, "is required: give an object with at least one field");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            fields.put(e.getKey(), stored(field + "." + e.getKey(), e.getValue()));
        }
        return fields;
    }

    /**
     * The text Redis stores for a JSON value: a string as it is, any other value as its JSON text
     * ({@code 42}, {@code true}, {@code {"a":1}}). Null is refused: Redis has no null value.
     */
    static String stored(String field, JsonNode value) throws ConnectorException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw invalid(field,
                    "is required and must not be null: Redis stores strings (give \"\" for empty)");
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw invalid(field, "cannot be written as JSON text: " + e.getOriginalMessage());
        }
    }
}
