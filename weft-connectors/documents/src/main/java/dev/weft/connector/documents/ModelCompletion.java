package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Asks the configured llm system's {@code llm.extract} for the invoice fields the rules did not find, through
 * the platform's call path ({@link SystemContext#callSystem}), and merges what it answers as
 * {@code source: "model"} with {@link #CONFIDENCE}. A failed call leaves the rule fields as they are and is
 * reported in the output's {@code model.error}; it does not fail the extraction. Stateless.
 */
final class ModelCompletion {
    /**
     * A model's field is not checked against the page the way a label's value is; it starts below the rules'
     * and the cross-checks raise or lower it like any other field's.
     */
    static final double CONFIDENCE = 0.6;
    /** The most document text sent to the model; a longer text is cut, and the output says so. */
    static final int MAX_TEXT = 60_000;
    static final String OPERATION = "llm.extract";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INSTRUCTIONS = "Extract the listed fields of this invoice from its text."
            + " Answer null for a field the text does not state; never guess. Dates as YYYY-MM-DD, amounts as"
            + " plain numbers without currency symbols or thousand separators, currency as an ISO 4217 code."
            + " The supplier issued the invoice; the customer is billed.";

    private ModelCompletion() {
    }

    /**
     * Completes {@code fields} with the answer of {@code system}'s {@code llm.extract}, in the time
     * {@code call} has (the invoice call's, less what it used).
     *
     * @return the output's {@code model}: the system, the fields asked, and the model, attempts, usage and
     *     latency of the answer, or its {@code error}
     */
    static ObjectNode complete(SystemContext context, String system, Call call, String text,
            InvoiceFields fields) {
        List<String> missing = fields.missing();
        ObjectNode report = JSON.objectNode();
        report.put("system", system);
        ArrayNode asked = report.putArray("asked");
        missing.forEach(asked::add);
        ObjectNode input = JSON.objectNode();
        boolean cut = text.length() > MAX_TEXT;
        input.put("input", cut ? text.substring(0, MAX_TEXT) : text);
        input.set("schema", schema(missing));
        input.put("instructions", INSTRUCTIONS);
        if (cut) {
            report.put("textCutAt", MAX_TEXT);
        }
        Call nested = new Call(OPERATION, input, call.idempotencyKey() + "/llm", call.timeout(),
                call.cancellation(), call.trace());
        JsonNode answer;
        try {
            answer = context.callSystem(system, nested);
        } catch (ConnectorException e) {
            ObjectNode error = report.putObject("error");
            error.put("code", e.code());
            error.put("message", e.getMessage());
            return report;
        } catch (UnsupportedOperationException e) {
            ObjectNode error = report.putObject("error");
            error.put("code", "system.unsupported");
            error.put("message", e.getMessage());
            return report;
        }
        JsonNode value = answer.path("value");
        if (!value.isObject()) {
            ObjectNode error = report.putObject("error");
            error.put("code", "documents.model_answer");
            error.put("message", system + "'s " + OPERATION + " answered no object in 'value': check that"
                    + " the system is an llm system");
            return report;
        }
        for (String name : List.of("model", "attempts", "usage", "latencyMs")) {
            if (answer.has(name)) {
                report.set(name, answer.get(name));
            }
        }
        for (String name : missing) {
            JsonNode v = at(value, name);
            if (acceptable(name, v)) {
                fields.put(name, new Field(normalised(name, v), Field.MODEL, CONFIDENCE));
            }
        }
        return report;
    }

    private static JsonNode at(JsonNode value, String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? value.path(name) : value.path(name.substring(0, dot)).path(name.substring(dot + 1));
    }

    /** Whether the model's answer for {@code name} has the field's type; null and wrong types are dropped. */
    private static boolean acceptable(String name, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (InvoiceFields.AMOUNTS.contains(name)) {
            return v.isNumber();
        }
        if (InvoiceFields.DATES.contains(name)) {
            try {
                LocalDate.parse(v.asText());
                return v.isTextual();
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        if (name.equals("lines")) {
            return v.isArray() && !v.isEmpty();
        }
        return v.isTextual() && !v.textValue().isBlank();
    }

    private static JsonNode normalised(String name, JsonNode v) {
        if (!name.equals("lines")) {
            return v;
        }
        ArrayNode lines = JSON.arrayNode();
        for (JsonNode item : v) {
            ObjectNode line = lines.addObject();
            line.set("description", item.path("description").isTextual()
                    ? item.get("description")
                    : JSON
                            .nullNode());
            for (String n : List.of("quantity", "unitPrice", "amount")) {
                line.set(n, item.path(n).isNumber() ? item.get(n) : JSON.nullNode());
            }
        }
        return lines;
    }

    /** A JSON Schema of just the missing fields, every one required and nullable (as strict modes ask). */
    static ObjectNode schema(List<String> missing) {
        ObjectNode schema = object();
        for (String name : missing) {
            int dot = name.indexOf('.');
            ObjectNode parent = schema;
            String field = name;
            if (dot >= 0) {
                String outer = name.substring(0, dot);
                ObjectNode props = (ObjectNode) schema.get("properties");
                if (!props.has(outer)) {
                    props.set(outer, object());
                    ((ArrayNode) schema.get("required")).add(outer);
                }
                parent = (ObjectNode) props.get(outer);
                field = name.substring(dot + 1);
            }
            ((ObjectNode) parent.get("properties")).set(field, fieldSchema(name));
            ((ArrayNode) parent.get("required")).add(field);
        }
        return schema;
    }

    private static ObjectNode object() {
        ObjectNode o = JSON.objectNode();
        o.put("type", "object");
        o.putObject("properties");
        o.putArray("required");
        o.put("additionalProperties", false);
        return o;
    }

    private static ObjectNode fieldSchema(String name) {
        if (name.equals("lines")) {
            ObjectNode item = object();
            ObjectNode props = (ObjectNode) item.get("properties");
            props.set("description", nullable("string", null));
            for (String n : List.of("quantity", "unitPrice", "amount")) {
                props.set(n, nullable("number", null));
            }
            List.of("description", "quantity", "unitPrice", "amount")
                    .forEach(((ArrayNode) item.get("required"))::add);
            ObjectNode array = JSON.objectNode();
            array.putArray("type").add("array").add("null");
            array.set("items", item);
            return array;
        }
        if (InvoiceFields.AMOUNTS.contains(name)) {
            return nullable("number", null);
        }
        if (InvoiceFields.DATES.contains(name)) {
            return nullable("string", "the date as YYYY-MM-DD");
        }
        return nullable("string", name.equals("currency") ? "ISO 4217 code, for example EUR" : null);
    }

    private static ObjectNode nullable(String type, String description) {
        ObjectNode s = JSON.objectNode();
        s.putArray("type").add(type).add("null");
        if (description != null) {
            s.put("description", description);
        }
        return s;
    }
}
