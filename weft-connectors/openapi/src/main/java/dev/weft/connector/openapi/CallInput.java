package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import dev.weft.connector.Suggestions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The input of {@code openapi.call}, split into an operation's parameters and body by the merge rule: the
 * operation by {@code operationId}; each parameter by its key (its name, or {@code <in>.<name>} when two
 * share it); the body under {@code body}, or, when {@code body} is not given and the body is an object whose
 * property names no parameter takes, as those properties beside the parameters. Then checked against the
 * operation's input schema. Thread-safe.
 */
final class CallInput {
    static final String OPERATION = "openapi.call";
    private static final Inputs INPUTS = Inputs.ofOperation(OPERATION);
    // The schemas come from the API's document, written by whoever publishes it: they load nothing from outside.
    private static final JsonSchemaFactory SCHEMAS = dev.weft.connector.kit.JsonSchemas.local();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** A call ready to send: the operation, each given parameter's value, and the body (or null). */
    record Prepared(ApiOperation operation, Map<ApiOperation.Parameter, JsonNode> values, JsonNode body) {
    }

    /** The operation {@code input.operationId} names, or an error that says which there are. */
    static ApiOperation operation(OpenApiDocument document, JsonNode input) throws ConnectorException {
        if (!input.isObject()) {
            throw ConnectorException.permanent(INPUTS.code(),
                    OPERATION + ": the input must be an object such as"
                            + " {\"operationId\": \"getPetById\", \"petId\": 1}, but was "
                            + input.getNodeType(),
                    null,
                    null);
        }
        String id = INPUTS.required(input, "operationId", document.operations().isEmpty()
                ? "getPetById"
                : document.operations().get(0).operationId());
        ApiOperation op = document.operation(id);
        if (op != null) {
            return op;
        }
        Unmapped unmapped = document.unmappedOperation(id);
        if (unmapped != null) {
            throw INPUTS.invalid("operationId", "names " + unmapped.label() + ", which cannot be called: "
                    + String.join("; ", unmapped.reasons()));
        }
        List<String> ids = document.operations().stream().map(ApiOperation::operationId).toList();
        throw INPUTS.invalid("operationId", "'" + id + "' is no operation of " + document.source()
                + Suggestions.didYouMean(id, ids) + " (the operations: "
                + String.join(", ", new TreeSet<>(ids))
                + ")");
    }

    Prepared prepare(OpenApiDocument document, JsonNode input) throws ConnectorException {
        ApiOperation op = operation(document, input);
        String what = OPERATION + " " + op.operationId();
        Map<String, ApiOperation.Parameter> byKey = new LinkedHashMap<>();
        op.parameters().forEach(p -> byKey.put(p.key(), p));
        ObjectNode normalized = JsonNodeFactory.instance.objectNode().put("operationId", op.operationId());
        Map<ApiOperation.Parameter, JsonNode> values = new LinkedHashMap<>();
        ObjectNode loose = JsonNodeFactory.instance.objectNode();
        JsonNode body = null;
        for (Map.Entry<String, JsonNode> field : input.properties()) {
            String key = field.getKey();
            ApiOperation.Parameter p = byKey.get(key);
            if (key.equals("operationId") || field.getValue().isNull()) {
                continue;
            }
            if (p != null) {
                JsonNode value = coerce(field.getValue(), p.schema());
                values.put(p, value);
                normalized.set(key, value);
            } else if (key.equals("body") && op.body() != null) {
                body = field.getValue();
            } else {
                loose.set(key, field.getValue());
            }
        }
        if (!loose.isEmpty()) {
            List<String> props = op.body() == null ? List.of() : op.body().properties();
            List<String> strays = new ArrayList<>();
            for (String f : (Iterable<String>) loose::fieldNames) {
                if (body != null || !props.contains(f)) {
                    strays.add(f);
                }
            }
            if (!strays.isEmpty()) {
                throw ConnectorException.permanent(INPUTS.code(), what + ": '" + strays.get(0) + "' is not "
                        + (body != null && props.contains(strays.get(0))
                                ? "allowed beside 'body': give the body whole under 'body', or its properties"
                                        + " without 'body'"
                                : "an input of this operation" + Suggestions.didYouMean(strays.get(0),
                                        fieldsOf(op)) + " (its inputs: " + String.join(", ", op.inputFields())
                                        + ")"),
                        null, null);
            }
            body = loose;
        }
        for (ApiOperation.Parameter p : op.parameters()) {
            if (p.required() && !values.containsKey(p)) {
                throw ConnectorException.permanent(INPUTS.code(), what + ": parameter '" + p.name() + "' (in "
                        + p.in() + ") is required; give it as with." + p.key(), null, null);
            }
        }
        if (op.body() != null && op.body().required() && body == null) {
            throw ConnectorException.permanent(INPUTS.code(), what + ": the request body is required; give it"
                    + " as with.body" + (op.body().properties().isEmpty()
                            ? ""
                            : " or as its properties (" + String.join(", ", op.body().properties()) + ")"),
                    null, null);
        }
        if (body != null) {
            normalized.set("body", body);
        }
        check(op, normalized, what);
        return new Prepared(op, values, body);
    }

    private void check(ApiOperation op, JsonNode normalized, String what) throws ConnectorException {
        JsonSchema schema = compiled.computeIfAbsent(op.operationId(),
                k -> SCHEMAS.getSchema(op.inputSchema()));
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(normalized)) {
            String at = m.getInstanceLocation().toString();
            problems.add(
                    (at.equals("$") ? "" : "with" + at.substring(1) + ": ") + m.getMessage().replaceFirst(
                            "^\\$[^:]*: ", ""));
        }
        if (!problems.isEmpty()) {
            throw ConnectorException.permanent(INPUTS.code(), what + ": the input does not fit the document's"
                    + " schema: " + String.join("; ", new TreeSet<>(problems)), null, null);
        }
    }

    /** A parameter written as text ("12" from an expression) read as the number or boolean its schema says. */
    private static JsonNode coerce(JsonNode value, JsonNode schema) {
        if (!value.isTextual()) {
            return value;
        }
        String type = schema.path("type").isTextual() ? schema.get("type").asText() : "";
        String text = value.asText().strip();
        try {
            return switch (type) {
                case "integer" -> text.matches("-?\\d+") ? LongNode.valueOf(Long.parseLong(text)) : value;
                case "number" -> DecimalNode.valueOf(new BigDecimal(text));
                case "boolean" -> text.equals("true") || text.equals("false")
                        ? BooleanNode.valueOf(Boolean.parseBoolean(text))
                        : value;
                default -> value;
            };
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    private static List<String> fieldsOf(ApiOperation op) {
        List<String> names = new ArrayList<>();
        op.parameters().forEach(p -> names.add(p.key()));
        if (op.body() != null) {
            names.add("body");
            names.addAll(op.body().properties());
        }
        return names;
    }
}
