package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.OperationSpec;
import dev.weft.engine.flow.CallCheck;
import dev.weft.engine.flow.TriggerCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks a call step's {@code with} against its operation's input schema when the flow is deployed, as
 * far as it can be known then: values that hold an expression ({@code {{ ... }}}) are known only when
 * the step runs, so they are left out, and so are the errors that their absence alone would cause (a
 * missing required field, a {@code oneOf} of required fields). What remains is certain: an unknown field,
 * a literal of the wrong type or outside an enum, a required field that is not written at all.
 * Thread-safe.
 */
public final class CallInputCheck implements CallCheck {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);
    private final Function<String, OperationSpec> operations;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** @param operations the declared operation of a name, or null (the gateway's, or the connectors') */
    public CallInputCheck(Function<String, OperationSpec> operations) {
        this.operations = operations;
    }

    @Override
    public List<TriggerCheck.Finding> check(String operation, String system, JsonNode with) {
        OperationSpec spec = operations.apply(operation);
        if (spec == null || with != null && !with.isObject()) {
            return List.of(); // unknown operations are reported elsewhere; a whole-expression 'with' is unknown
        }
        ObjectNode literal = with == null
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : with.deepCopy();
        Set<String> dynamic = new HashSet<>();
        for (String field : fieldNames(literal)) {
            if (holdsExpression(literal.get(field))) {
                literal.remove(field);
                dynamic.add(field);
            }
        }
        JsonSchema schema = compiled.computeIfAbsent(operation, k -> SCHEMAS.getSchema(spec.inputSchema()));
        List<TriggerCheck.Finding> findings = new ArrayList<>();
        for (ValidationMessage m : schema.validate(literal)) {
            String type = m.getType();
            // Inside a oneOf or anyOf, one branch may hold because of a value known only at run time.
            boolean alternative = String.valueOf(m.getSchemaLocation()).matches(".*/(oneOf|anyOf)(/.*)?");
            if ("required".equals(type) && dynamic.contains(m.getProperty())
                    || !dynamic.isEmpty() && (alternative || "oneOf".equals(type) || "anyOf".equals(type))) {
                continue;
            }
            String at = m.getInstanceLocation().toString().substring(1).replace('.', '/');
            findings.add(new TriggerCheck.Finding(
                    "/with" + (at.isEmpty() ? "" : at.startsWith("/") ? at : "/" + at),
                    "'with' does not fit the input of " + operation + ": " + m.getMessage()));
        }
        if (with != null) {
            literals(spec.inputSchema(), with, "/with", findings);
        }
        return findings;
    }

    /** The keyword of a field that must be written out: its value says where values go instead. */
    static final String LITERAL = "x-weft-literal";

    /**
     * Fields declared {@value #LITERAL} (a SQL statement's text) that hold an expression: what it gave would
     * become part of the statement, so a value could change what the statement does.
     */
    private static void literals(JsonNode schema, JsonNode value, String pointer,
            List<TriggerCheck.Finding> findings) {
        JsonNode properties = schema.get("properties");
        if (properties != null && value.isObject()) {
            for (var p : properties.properties()) {
                JsonNode v = value.get(p.getKey());
                if (v == null) {
                    continue;
                }
                String at = pointer + "/" + p.getKey();
                if (p.getValue().has(LITERAL) && holdsExpression(v)) {
                    findings.add(new TriggerCheck.Finding(at, "'" + at.substring(1).replace('/', '.')
                            + "' must be written out in the flow, without {{ }}: an expression in it would"
                            + " become part of the statement, and a value could change what it does; "
                            + p.getValue().get(LITERAL).asText()));
                } else {
                    literals(p.getValue(), v, at, findings);
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject() && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                literals(items, value.get(i), pointer + "/" + i, findings);
            }
        }
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean holdsExpression(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue().contains("{{");
        }
        for (JsonNode child : value) {
            if (holdsExpression(child)) {
                return true;
            }
        }
        return false;
    }
}
