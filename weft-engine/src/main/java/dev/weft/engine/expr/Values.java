package dev.weft.engine.expr;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions between Jackson trees and the plain Java values JSONata works on. JSON null becomes
 * {@link Jsonata#NULL_VALUE} (JSONata tells null from undefined); results are converted back under a
 * size bound because a result may reference one large value many times and would serialize huge.
 */
final class Values {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return switch (node.getNodeType()) {
            case NULL -> Jsonata.NULL_VALUE;
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.numberValue();
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(toJava(item));
                }
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 4 / 3 + 1));
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                yield map;
            }
            default -> node.asText(); // binary and POJO nodes do not occur in parsed JSON
        };
    }

    /** Converts a JSONata result; fails when it would exceed {@link Bounds#MAX_RESULT_SIZE}. */
    static JsonNode toJson(Object value) {
        return toJson(value, new long[]{Bounds.MAX_RESULT_SIZE});
    }

    private static JsonNode toJson(Object value, long[] budget) {
        if (--budget[0] < 0) {
            throw Bounds.tooLarge("the result");
        }
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NullNode.getInstance();
        }
        if (value instanceof String s) {
            budget[0] -= s.length();
            if (budget[0] < 0) {
                throw Bounds.tooLarge("the result");
            }
            return TextNode.valueOf(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                budget[0] -= key.length();
                if (e.getValue() != null) { // undefined values vanish, as in JSONata's own output
                    object.set(key, toJson(e.getValue(), budget));
                }
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object item : list) {
                if (item != null) {
                    array.add(toJson(item, budget));
                }
            }
            return array;
        }
        // functions, lambdas and regular expressions have no JSON form
        return NullNode.getInstance();
    }

    private static JsonNode number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return integral(n.longValue());
        }
        if (n instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (n instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        double d = n.doubleValue();
        // JSONata numbers are doubles: 2 * 1.5 is the JSON number 3, not 3.0
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return integral((long) d);
        }
        return NODES.numberNode(d);
    }

    // IntNode where it fits, as Jackson's parser does, so that results equal parsed JSON
    private static JsonNode integral(long l) {
        return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
    }

    /** The text an interpolation shows: strings as they are, undefined and null as nothing, others as JSON. */
    static String toText(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        JsonNode node = toJson(value);
        return node.isNull() ? "" : node.toString();
    }
}
