package dev.weft.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.flow.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the small values of a job file (texts, lists of field names) and reports unknown fields, each
 * problem at its place. Not thread-safe: one per reading.
 */
final class FieldReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.]{0,127}");
    static final int MAX_KEY_FIELDS = 8;

    private final SourceDocument doc;

    FieldReader(SourceDocument doc) {
        this.doc = doc;
    }

    void unknown(JsonNode object, String at, Set<String> known) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                doc.problemAtKey(at + "/" + name, "unknown field '" + name + "'; the fields here are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        });
    }

    String text(JsonNode object, String at, String field, boolean required) {
        JsonNode v = object.get(field);
        if (v == null) {
            if (required) {
                doc.missing(at, field, field + " is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            doc.problem(at + "/" + field, "must be a non-empty string, but was " + v);
            return null;
        }
        return v.textValue();
    }

    List<String> names(JsonNode object, String at, String field, boolean required) {
        JsonNode v = object.get(field);
        if (v == null) {
            if (required) {
                doc.missing(at, field, field + " is missing: give a list of field names, such as [id]");
            }
            return null;
        }
        if (v.isTextual()) {
            v = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(v.textValue());
        }
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_KEY_FIELDS) {
            doc.problem(at + "/" + field,
                    "must be a list of 1 to " + MAX_KEY_FIELDS + " field names, but was "
                            + object.get(field));
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode n = v.get(i);
            if (!n.isTextual() || !NAME.matcher(n.textValue()).matches()) {
                doc.problem(at + "/" + field + (object.get(field).isArray() ? "/" + i : ""),
                        "must be a field name, but was " + n);
                return null;
            }
            if (names.contains(n.textValue())) {
                doc.problem(at + "/" + field + "/" + i, "names '" + n.textValue() + "' twice");
                return null;
            }
            names.add(n.textValue());
        }
        return names;
    }
}
