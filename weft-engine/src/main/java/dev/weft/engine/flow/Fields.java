package dev.weft.engine.flow;

import dev.weft.connector.Suggestions;

import dev.weft.connector.Durations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the members of one JSON object of a flow file, reporting each missing, mistyped or unknown
 * member as a problem and returning null (or the default) in its place, so that binding goes on and
 * every problem of the file is found in one pass.
 */
final class Fields {
    private final JsonNode node;
    private final String pointer;
    private final String owner;
    private final Problems problems;

    /**
     * @param owner how messages name the object, for example {@code step 'manager'}
     */
    Fields(JsonNode node, String pointer, String owner, Problems problems) {
        this.node = node;
        this.pointer = pointer;
        this.owner = owner;
        this.problems = problems;
    }

    String owner() {
        return owner;
    }

    String pointer() {
        return pointer;
    }

    String pointer(String field) {
        return Pointers.child(pointer, field);
    }

    Problems problems() {
        return problems;
    }

    /** Reports every member not in {@code known}, suggesting the closest known name. */
    void allowOnly(Collection<String> known, String what) {
        for (String name : (Iterable<String>) node::fieldNames) {
            if (!known.contains(name)) {
                String hint = Suggestions.didYouMean(name, known);
                problems.atKey(pointer(name),
                        owner + ": unknown field '" + name + "'" + (hint.isEmpty() ? "." : hint)
                                + " Known fields of " + what + ": " + String.join(", ", known));
            }
        }
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null;
    }

    JsonNode any(String field) {
        return node.get(field);
    }

    void missing(String field, String expected) {
        problems.missing(pointer, field,
                owner + ": missing required field '" + field + "' (" + expected + ")");
    }

    void invalid(String field, String message) {
        problems.at(pointer(field), owner + ": " + message);
    }

    /** A required member of any JSON type. */
    JsonNode required(String field, String expected) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            missing(field, expected);
            return null;
        }
        return v;
    }

    String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            wrongType(field, "a string", v);
            return null;
        }
        return v.textValue();
    }

    String requiredString(String field, String expected) {
        if (!has(field) || node.get(field).isNull()) {
            missing(field, expected);
            return null;
        }
        return string(field);
    }

    /** A string that must match {@code pattern}; {@code expected} says what was expected. */
    String matching(String field, Pattern pattern, String expected, boolean required) {
        String s = required ? requiredString(field, expected) : string(field);
        if (s != null && !pattern.matcher(s).matches()) {
            invalid(field, "'" + field + "' must be " + expected + ", but was \"" + s + "\"");
            return null;
        }
        return s;
    }

    /** One of {@code options}, or {@code fallback} when absent or invalid. */
    String choice(String field, List<String> options, String fallback) {
        String s = string(field);
        if (s == null) {
            return fallback;
        }
        if (!options.contains(s)) {
            invalid(field,
                    "'" + field + "' must be one of " + String.join(", ", options) + ", but was \"" + s + "\""
                            + Suggestions.didYouMean(s, options));
            return fallback;
        }
        return s;
    }

    int integer(String field, int fallback, int min) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            wrongType(field, "a whole number", v);
            return fallback;
        }
        if (v.intValue() < min) {
            invalid(field, "'" + field + "' must be at least " + min + ", but was " + v.intValue());
            return fallback;
        }
        return v.intValue();
    }

    double number(String field, double fallback, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            wrongType(field, "a number", v);
            return fallback;
        }
        if (v.doubleValue() < min || v.doubleValue() > max) {
            invalid(field,
                    "'" + field + "' must be between " + min + " and " + max + ", but was " + v.asText());
            return fallback;
        }
        return v.doubleValue();
    }

    /** A duration; {@code positive} rejects zero. */
    Duration duration(String field, Duration fallback, boolean positive) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        Optional<Duration> parsed = v.isTextual() ? Durations.parse(v.textValue()) : Optional.empty();
        if (parsed.isEmpty()) {
            invalid(field, "'" + field + "' must be " + Durations.EXPECTED + ", but was " + describe(v));
            return fallback;
        }
        if (positive && parsed.get().isZero() || parsed.get().isNegative()) {
            invalid(field, "'" + field + "' must be " + (positive ? "longer than zero" : "zero or more")
                    + ", but was " + describe(v));
            return fallback;
        }
        return parsed.get();
    }

    /** An object member; null when absent or not an object. */
    JsonNode object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            wrongType(field, "an object", v);
            return null;
        }
        return v;
    }

    /** A list member; null when absent or not a list. {@code expected} describes a missing one. */
    JsonNode list(String field, boolean required, String expected) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                missing(field, expected);
            }
            return null;
        }
        if (!v.isArray()) {
            wrongType(field, "a list", v);
            return null;
        }
        if (required && v.isEmpty()) {
            invalid(field, "'" + field + "' must not be empty (" + expected + ")");
            return null;
        }
        return v;
    }

    void wrongType(String field, String expected, JsonNode actual) {
        invalid(field, "'" + field + "' must be " + expected + ", but was " + describe(actual));
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the string \"" + v.textValue() + "\"";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }
}
