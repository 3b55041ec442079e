package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One extracted invoice field: its value, who found it ({@code rule} or {@code model}) and how sure we are,
 * from 0 to 1. Immutable.
 */
record Field(JsonNode value, String source, double confidence) {
    static final String RULE = "rule";
    static final String MODEL = "model";

    Field {
        Objects.requireNonNull(value, "value");
        if (!source.equals(RULE) && !source.equals(MODEL)) {
            throw new IllegalArgumentException("source must be rule or model, but was " + source);
        }
        confidence = Math.max(0.05, Math.min(0.99, confidence));
    }

    static Field rule(JsonNode value, double confidence) {
        return new Field(value, RULE, confidence);
    }

    static Field rule(String value, double confidence) {
        return rule(JsonNodeFactory.instance.textNode(value), confidence);
    }

    /** The same field, its confidence moved by {@code delta} (kept within 0.05 and 0.99). */
    Field adjusted(double delta) {
        return new Field(value, source, Math.round((confidence + delta) * 100) / 100.0);
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("value", value);
        json.put("source", source);
        json.put("confidence", confidence);
        return json;
    }
}
