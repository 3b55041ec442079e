package dev.weft.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.weft.connector.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A section of the configuration file being read: typed getters with defaults that record a problem
 * naming the option (its dotted path) instead of throwing, so that every mistake is reported at once.
 * Used by one thread.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final List<String> problems;

    ConfigNode(JsonNode node, String path, List<String> problems) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.path = path;
        this.problems = problems;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            problems.add(path + ": must be a section (an object), but was " + node.getNodeType());
        }
    }

    ConfigNode section(String name, Set<String> known) {
        ConfigNode s = new ConfigNode(node.get(name), name(name), problems);
        s.allowOnly(known);
        return s;
    }

    void allowOnly(Set<String> known) {
        if (!node.isObject()) {
            return;
        }
        for (String field : (Iterable<String>) node::fieldNames) {
            if (!known.contains(field)) {
                problems.add(
                        name(field) + ": unknown option; " + (path.isEmpty() ? "sections" : path + " has")
                                + ": " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** A list of text values: a YAML sequence, or one comma-separated text; empty when absent. */
    List<String> strings(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isValueNode() || item.isNull()) {
                    problems.add(name(field) + ": every entry must be a text value, but one was "
                            + item.getNodeType());
                } else {
                    out.add(item.asText().strip());
                }
            }
        } else if (v.isValueNode()) {
            for (String part : v.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        } else {
            problems.add(name(field) + ": must be a list of text values, but was " + v.getNodeType());
        }
        return out;
    }

    String string(String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            problems.add(name(field) + ": must be a text value, but was " + v.getNodeType());
            return fallback;
        }
        String s = v.asText();
        return s.isEmpty() ? fallback : s;
    }

    int integer(String field, int fallback, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        Integer value = v.isIntegralNumber() && v.canConvertToInt()
                ? Integer.valueOf(v.intValue())
                : v.isTextual() && v.asText().matches("-?\\d{1,10}") ? Integer.valueOf(v.asText()) : null;
        if (value == null || value < min || value > max) {
            problems.add(name(field) + ": must be a whole number from " + min + " to " + max + ", but was "
                    + v);
            return fallback;
        }
        return value;
    }

    long bytes(String field, long fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        String text = v.asText().trim().toUpperCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB)?")
                .matcher(text);
        if (!m.matches()) {
            problems.add(name(field) + ": must be a size such as 10MiB, 512KiB or a number of bytes, but was "
                    + v);
            return fallback;
        }
        String unit = m.group(2) == null ? "B" : m.group(2);
        long scale = switch (unit) {
            case "KB", "KIB" -> 1024L;
            case "MB", "MIB" -> 1024L * 1024;
            case "GB", "GIB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), scale);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            problems.add(name(field) + ": must be a size such as 10MiB, 512KiB or a number of bytes, but "
                    + v + " is more than any size can be");
            return fallback;
        }
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        problems.add(name(field) + ": must be true or false, but was " + v);
        return fallback;
    }

    Duration duration(String field, Duration fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        var parsed = Durations.parse(v.asText());
        if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
            problems.add(name(field) + ": must be " + Durations.EXPECTED + ", but was " + v);
            return fallback;
        }
        return parsed.get();
    }

    /**
     * A list of durations of 0 or more: a YAML sequence, or one comma-separated text; {@code fallback} when
     * absent, and when an entry is not a duration (recorded as a problem naming the entry).
     */
    List<Duration> durations(String field, List<Duration> fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isArray() && !v.isValueNode()) {
            problems.add(name(field) + ": must be a list of durations (such as [0s, 5s, 5m]) or one"
                    + " comma-separated text (0s, 5s, 5m), but was " + v.getNodeType());
            return fallback;
        }
        List<String> texts = strings(field);
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            var parsed = Durations.parse(texts.get(i));
            if (parsed.isEmpty()) {
                problems.add(
                        name(field) + "[" + i + "]: must be " + Durations.EXPECTED + " (0s for none), but"
                                + " was '" + texts.get(i) + "'");
                return fallback;
            }
            out.add(parsed.get());
        }
        return out;
    }

    String choice(String field, List<String> options, String fallback) {
        String s = string(field, fallback);
        if (!options.contains(s)) {
            problems.add(
                    name(field) + ": must be one of " + String.join(", ", options) + ", but was '" + s + "'");
            return fallback;
        }
        return s;
    }
}
