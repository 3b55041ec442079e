package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Turns a document's schemas into JSON Schema 2020-12, the dialect of every schema the platform checks:
 * reusable schemas become {@code $defs} of the schema being built (so recursive ones stay finite), and the
 * OpenAPI 3.0 and Swagger 2.0 dialects are translated ({@code nullable}, boolean {@code exclusiveMinimum},
 * {@code example}); keywords of documentation only ({@code xml}, {@code discriminator}, {@code x-*}) are
 * left out. A request does not have to send a required property that is {@code readOnly}, and a response
 * need not hold a required {@code writeOnly} one. Immutable.
 */
final class JsonSchemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> SCHEMA_VALUED = Set.of("items", "not", "contains", "propertyNames",
            "if", "then", "else", "additionalProperties", "unevaluatedProperties", "unevaluatedItems",
            "contentSchema");
    private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties",
            "dependentSchemas",
            "$defs");
    private static final Set<String> DROPPED = Set.of("nullable", "x-nullable", "discriminator", "xml",
            "externalDocs", "example", "collectionFormat", "allowEmptyValue", "$schema", "$id");
    private static final int MAX_DEPTH = 64;

    /** Whether a schema describes what is sent (readOnly properties need not be) or what comes back. */
    enum Direction {
        REQUEST, RESPONSE
    }

    private final Refs refs;

    JsonSchemas(Refs refs) {
        this.refs = refs;
    }

    /** The schema in JSON Schema 2020-12; reusable schemas it uses are added to {@code defs}. */
    JsonNode convert(JsonNode schema, Direction direction, ObjectNode defs) throws NotMappable {
        return convert(schema, direction, defs, 0);
    }

    /** {@code schema} with {@code defs} as its {@code $defs} when it has any. */
    static JsonNode withDefs(JsonNode schema, ObjectNode defs) {
        if (defs.isEmpty() || !schema.isObject()) {
            return schema;
        }
        ObjectNode out = ((ObjectNode) schema).deepCopy();
        out.set("$defs", defs.deepCopy());
        return out;
    }

    private JsonNode convert(JsonNode schema, Direction direction, ObjectNode defs, int depth)
            throws NotMappable {
        if (depth > MAX_DEPTH) {
            throw new NotMappable("a schema nests deeper than " + MAX_DEPTH + " levels");
        }
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return NODES.objectNode();
        }
        if (!schema.isObject()) {
            return schema.deepCopy();
        }
        if (schema.path("$ref").isTextual()) {
            String ref = schema.get("$ref").textValue();
            String name = Refs.schemaName(ref);
            if (name == null) {
                return convert(refs.deref(schema), direction, defs, depth + 1);
            }
            String key = name.replace("~", "~0").replace("/", "~1").replace(" ", "%20");
            if (!defs.has(name)) {
                defs.set(name, NODES.objectNode()); // a placeholder first: a recursive schema meets itself
                defs.set(name, convert(refs.at(ref), direction, defs, depth + 1));
            }
            return NODES.objectNode().put("$ref", "#/$defs/" + key);
        }
        if ("file".equals(schema.path("type").asText())) {
            throw new NotMappable("a schema of type 'file' (a binary upload or download)");
        }
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (DROPPED.contains(name) || name.startsWith("x-")) {
                continue;
            }
            if (SCHEMA_VALUED.contains(name) && value.isObject()) {
                out.set(name, convert(value, direction, defs, depth + 1));
            } else if (SCHEMA_LISTS.contains(name) && value.isArray()) {
                ArrayNode list = out.putArray(name);
                for (JsonNode item : value) {
                    list.add(convert(item, direction, defs, depth + 1));
                }
            } else if (SCHEMA_MAPS.contains(name) && value.isObject()) {
                ObjectNode map = out.putObject(name);
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    map.set(entry.getKey(), convert(entry.getValue(), direction, defs, depth + 1));
                }
            } else if ((name.equals("exclusiveMinimum") || name.equals("exclusiveMaximum"))
                    && value.isBoolean()) {
                String bound = name.equals("exclusiveMinimum") ? "minimum" : "maximum";
                if (value.booleanValue() && schema.has(bound)) {
                    out.set(name, schema.get(bound));
                }
            } else {
                out.set(name, value.deepCopy());
            }
        }
        dropExclusiveBounds(schema, out);
        if (schema.has("example") && !schema.has("examples")) {
            out.putArray("examples").add(schema.get("example").deepCopy());
        }
        if (schema.path("nullable").asBoolean(false) || schema.path("x-nullable").asBoolean(false)) {
            nullable(out);
        }
        dropOneSidedRequired(schema, out, direction);
        return out;
    }

    /** A 3.0 {@code minimum} made exclusive is the 2020-12 {@code exclusiveMinimum} alone. */
    private static void dropExclusiveBounds(JsonNode schema, ObjectNode out) {
        if (schema.path("exclusiveMinimum").asBoolean(false) && schema.path("exclusiveMinimum").isBoolean()) {
            out.remove("minimum");
        }
        if (schema.path("exclusiveMaximum").asBoolean(false) && schema.path("exclusiveMaximum").isBoolean()) {
            out.remove("maximum");
        }
    }

    private static void nullable(ObjectNode out) {
        JsonNode type = out.get("type");
        if (type != null && type.isTextual()) {
            out.putArray("type").add(type.textValue()).add("null");
        }
        if (out.get("enum") instanceof ArrayNode values) {
            boolean hasNull = false;
            for (JsonNode v : values) {
                hasNull |= v.isNull();
            }
            if (!hasNull) {
                values.addNull();
            }
        }
    }

    private void dropOneSidedRequired(JsonNode schema, ObjectNode out, Direction direction)
            throws NotMappable {
        JsonNode required = out.get("required");
        JsonNode properties = schema.get("properties");
        if (!(required instanceof ArrayNode list) || properties == null || !properties.isObject()) {
            return;
        }
        String oneSided = direction == Direction.REQUEST ? "readOnly" : "writeOnly";
        ArrayNode kept = NODES.arrayNode();
        for (JsonNode name : list) {
            JsonNode property = properties.get(name.asText());
            if (property == null || !refs.deref(property).path(oneSided).asBoolean(false)) {
                kept.add(name);
            }
        }
        if (kept.isEmpty()) {
            out.remove("required");
        } else {
            out.set("required", kept);
        }
    }
}
