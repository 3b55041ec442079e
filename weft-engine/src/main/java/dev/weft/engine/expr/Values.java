package dev.weft.engine.expr;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Conversions between Jackson trees and the plain Java values JSONata works on. */
final class Values {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Values() {
    }

    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isNull()) {
            return Jsonata.NULL_VALUE;
        }
        return MAPPER.convertValue(node, Object.class);
    }

    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NullNode.getInstance();
        }
        if (value instanceof Jsonata.JFunction || value instanceof Jsonata.Fn0<?>) {
            return NullNode.getInstance();
        }
        return MAPPER.valueToTree(value);
    }

    static String toText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        JsonNode node = toJson(value);
        return node instanceof TextNode t ? t.asText() : node.toString();
    }
}
