package dev.weft.connector.rabbitmq;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.LongString;
import dev.weft.connector.ConnectorException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * AMQP field tables (message headers, queue arguments) to JSON and back. Strings, numbers, booleans,
 * arrays and objects map onto each other; from AMQP, byte arrays become base64 text and timestamps
 * ISO-8601 text. Object keys come out sorted, so that the same table always gives the same JSON (event
 * ids hash it).
 */
final class AmqpValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AmqpValues() {
    }

    /**
     * A JSON object as an AMQP table for {@code field} (for messages); null for a missing or null object.
     * Integers become 32-bit when they fit (what brokers expect of {@code x-max-priority} and friends),
     * else 64-bit.
     */
    static Map<String, Object> table(JsonNode object, Inputs inputs, String field) throws ConnectorException {
        if (object == null || object.isNull()) {
            return null;
        }
        if (!object.isObject()) {
            throw inputs.invalid(field, "must be an object, but was " + object.getNodeType());
        }
        Map<String, Object> table = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            table.put(e.getKey(), value(e.getValue(), inputs, field + "." + e.getKey()));
        }
        return table;
    }

    private static Object value(JsonNode node, Inputs inputs, String field) throws ConnectorException {
        return switch (node.getNodeType()) {
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue()
                    : (Object) node.doubleValue();
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    list.add(value(node.get(i), inputs, field + "[" + i + "]"));
                }
                yield list;
            }
            case OBJECT -> table(node, inputs, field);
            default -> throw inputs.invalid(field,
                    "must be a string, number, boolean, array or object, but was " + node.getNodeType());
        };
    }

    /** An AMQP table as a JSON object with sorted keys; an empty object for null. */
    static ObjectNode json(Map<String, Object> table) {
        ObjectNode out = NODES.objectNode();
        if (table == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : new TreeMap<>(table).entrySet()) {
            out.set(e.getKey(), json(e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static JsonNode json(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case LongString s -> NODES.textNode(s.toString());
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Short s -> NODES.numberNode(s);
            case Byte b -> NODES.numberNode(b);
            case Float f -> NODES.numberNode(f);
            case Double d -> NODES.numberNode(d);
            case BigDecimal d -> NODES.numberNode(d);
            case Date d -> NODES.textNode(d.toInstant().toString());
            case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case Map<?, ?> m -> json((Map<String, Object>) m);
            case List<?> list -> {
                ArrayNode array = NODES.arrayNode();
                list.forEach(v -> array.add(json(v)));
                yield array;
            }
            default -> NODES.textNode(value.toString());
        };
    }
}
