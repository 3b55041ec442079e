package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an invoice by their dotted names ({@code supplier.taxId}), as found so far. Not
 * thread-safe: one per call.
 */
final class InvoiceFields {
    /** Every field, in output order; a dotted name is a field of an object ({@code supplier}). */
    static final List<String> NAMES = List.of("number", "issueDate", "dueDate", "supplier.name",
            "supplier.address", "supplier.taxId", "customer.name", "customer.address", "currency", "subtotal",
            "tax", "total", "lines");
    /** Fields whose value is a date, {@code YYYY-MM-DD}. */
    static final List<String> DATES = List.of("issueDate", "dueDate");
    /** Fields whose value is an amount, a number. */
    static final List<String> AMOUNTS = List.of("subtotal", "tax", "total");

    private final Map<String, Field> found = new LinkedHashMap<>();

    Field get(String name) {
        return found.get(name);
    }

    void put(String name, Field field) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("not an invoice field: " + name);
        }
        found.put(name, field);
    }

    void adjust(String name, double delta) {
        Field f = found.get(name);
        if (f != null) {
            found.put(name, f.adjusted(delta));
        }
    }

    boolean has(String name) {
        return found.containsKey(name);
    }

    List<String> missing() {
        return NAMES.stream().filter(n -> !found.containsKey(n)).toList();
    }

    /** The output: each field as {@code {value, source, confidence}} or null, and {@code missing}. */
    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String name : NAMES) {
            Field f = found.get(name);
            JsonNode value = f == null ? JsonNodeFactory.instance.nullNode() : f.toJson();
            int dot = name.indexOf('.');
            if (dot < 0) {
                out.set(name, value);
            } else {
                ObjectNode parent = out.has(name.substring(0, dot))
                        ? (ObjectNode) out.get(name.substring(0, dot))
                        : out.putObject(name.substring(0, dot));
                parent.set(name.substring(dot + 1), value);
            }
        }
        ArrayNode missing = out.putArray("missing");
        missing().forEach(missing::add);
        return out;
    }
}
