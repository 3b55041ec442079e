package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A step's JSON Schema (2020-12), compiled once per call, and what an answer breaks of it, each problem
 * named by its JSON Pointer: {@code /total: expected number, was string}. A schema may refer only within
 * itself ({@code "$ref": "#/$defs/line"}): a reference to a URL would be fetched by the validator, past the
 * platform's egress rules. Immutable.
 */
final class SchemaCheck {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).build();

    private final JsonSchema schema;

    private SchemaCheck(JsonSchema schema) {
        this.schema = schema;
    }

    /** The schema of {@code field}; a schema that is not an object, or refers outside itself, is refused. */
    static SchemaCheck of(Inputs in, String field, JsonNode schema) throws ConnectorException {
        if (schema == null || !schema.isObject() || schema.isEmpty()) {
            throw in.invalid(field,
                    "must be a JSON Schema object such as {\"type\": \"object\", \"properties\":"
                            + " {\"total\": {\"type\": \"number\"}}, \"required\": [\"total\"]}, but was "
                            + schema);
        }
        String outside = outsideReference(schema);
        if (outside != null) {
            throw in.invalid(field,
                    "refers to " + outside + "; a schema may refer only within itself (\"$ref\":"
                            + " \"#/$defs/...\"): put what it refers to under $defs");
        }
        try {
            return new SchemaCheck(FACTORY.getSchema(schema, CONFIG));
        } catch (RuntimeException e) {
            throw in.invalid(field, "is not a JSON Schema the validator can read: " + e.getMessage());
        }
    }

    private static String outsideReference(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if ((name.equals("$ref") || name.equals("$dynamicRef")) && field.getValue().isTextual()
                        && !field.getValue().asText().startsWith("#")) {
                    return "'" + field.getValue().asText() + "'";
                }
                String inner = outsideReference(field.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String inner = outsideReference(item);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** What {@code value} breaks of the schema, sorted: {@code /lines/0/qty: expected integer, was string}. */
    List<String> problems(JsonNode value) {
        TreeSet<String> problems = new TreeSet<>();
        for (ValidationMessage m : schema.validate(value)) {
            String at = m.getInstanceLocation().toString();
            String text;
            Object[] args = m.getArguments();
            if ("required".equals(m.getType()) && m.getProperty() != null) {
                at = at + "/" + m.getProperty();
                text = "required, but missing";
            } else if ("type".equals(m.getType()) && args != null && args.length >= 2) {
                text = "expected " + args[1] + ", was " + args[0];
            } else {
                text = m.getMessage();
                String prefix = m.getInstanceLocation().toString() + ": ";
                if (text.startsWith(prefix)) {
                    text = text.substring(prefix.length());
                }
            }
            problems.add((at.isEmpty() ? "(the whole answer)" : at) + ": " + text);
        }
        return new ArrayList<>(problems);
    }
}
