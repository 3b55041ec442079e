package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import dev.weft.connector.kit.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A step's JSON Schema (2020-12, or draft-07 when its {@code $schema} says so), compiled once per call, and
 * what an answer breaks of it, each problem named by its JSON Pointer: {@code /total: expected number, was
 * string}. The schema loads nothing from outside the JVM: it may refer only within itself ({@code "$ref":
 * "#/$defs/line"}) and name no dialect but those whose meta-schemas the validator's jar holds, as a URL would
 * be fetched by the validator past the platform's egress rules; the factory ({@link JsonSchemas#local()})
 * refuses to load anything else all the same. Immutable.
 */
final class SchemaCheck {
    /** The dialects read; their meta-schemas come from the validator's jar. */
    static final Set<String> DIALECTS = Set.of("https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2020-12/schema#", "http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema");
    /** Keywords whose value is a schema (draft 2020-12 and draft-07). */
    private static final Set<String> SCHEMA = Set.of("additionalProperties", "additionalItems", "items",
            "unevaluatedItems", "unevaluatedProperties", "contains", "propertyNames", "not", "if", "then",
            "else",
            "contentSchema");
    /** Keywords whose value is an array of schemas ({@code items} too, in draft-07). */
    private static final Set<String> SCHEMAS = Set.of("allOf", "anyOf", "oneOf", "prefixItems", "items");
    /** Keywords whose value maps names to schemas ({@code dependencies} also to arrays of names). */
    private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "patternProperties", "$defs",
            "definitions", "dependentSchemas", "dependencies");
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).build();

    private final JsonSchema schema;

    private SchemaCheck(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * The schema of {@code field}; a schema that is not an object, refers outside itself or names another
     * dialect is refused.
     */
    static SchemaCheck of(Inputs in, String field, JsonNode schema) throws ConnectorException {
        if (schema == null || !schema.isObject() || schema.isEmpty()) {
            throw in.invalid(field,
                    "must be a JSON Schema object such as {\"type\": \"object\", \"properties\":"
                            + " {\"total\": {\"type\": \"number\"}}, \"required\": [\"total\"]}, but was "
                            + schema);
        }
        check(in, field, schema, "");
        try {
            return new SchemaCheck(JsonSchemas.local().getSchema(schema, CONFIG));
        } catch (RuntimeException e) {
            throw in.invalid(field, "is not a JSON Schema the validator can read: " + e.getMessage());
        }
    }

    /**
     * Refuses a reference outside the schema or a foreign dialect in the schema {@code node} at {@code at} (a
     * JSON Pointer), and in its subschemas. Only schema positions count: {@code "$ref"} as a key of
     * {@code enum}, {@code const}, {@code default} or {@code examples} data, or of an unknown keyword, is data.
     */
    private static void check(Inputs in, String field, JsonNode node, String at) throws ConnectorException {
        if (!node.isObject()) {
            return; // true and false are schemas too, and refer to nothing
        }
        JsonNode dialect = node.get("$schema");
        if (dialect != null && !(dialect.isTextual() && DIALECTS.contains(dialect.textValue()))) {
            throw in.invalid(field + ".$schema", "is " + dialect + (at.isEmpty() ? "" : " at " + at)
                    + "; only draft 2020-12 (\"https://json-schema.org/draft/2020-12/schema\", the default) and"
                    + " draft-07 (\"http://json-schema.org/draft-07/schema#\") are read, and no other"
                    + " meta-schema is loaded: name one of them or leave $schema out");
        }
        for (String keyword : List.of("$ref", "$dynamicRef")) {
            JsonNode ref = node.get(keyword);
            if (ref != null && ref.isTextual() && !ref.textValue().startsWith("#")) {
                throw in.invalid(field, "refers to '" + ref.textValue() + "'"
                        + (at.isEmpty() ? "" : " at " + at)
                        + "; a schema may refer only within itself (\"$ref\": \"#/$defs/...\"): put what it"
                        + " refers to under $defs");
            }
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            String inner = at + "/" + pointerToken(keyword);
            if (SCHEMA.contains(keyword) && value.isObject()) {
                check(in, field, value, inner);
            } else if (SCHEMAS.contains(keyword) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    check(in, field, value.get(i), inner + "/" + i);
                }
            } else if (NAMED_SCHEMAS.contains(keyword) && value.isObject()) {
                for (Map.Entry<String, JsonNode> named : value.properties()) {
                    check(in, field, named.getValue(), inner + "/" + pointerToken(named.getKey()));
                }
            }
        }
    }

    private static String pointerToken(String name) {
        return name.replace("~", "~0").replace("/", "~1");
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
