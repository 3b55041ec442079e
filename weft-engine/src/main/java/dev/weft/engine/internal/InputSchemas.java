package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates execution input against a flow's {@code input} JSON Schema (2020-12). Thread-safe. */
public final class InputSchemas {
    // A flow's input schema is the user's: it may not make the server fetch anything (JsonSchemas).
    private static final JsonSchemaFactory FACTORY = dev.weft.engine.flow.JsonSchemas.local();
    private final Map<JsonNode, JsonSchema> cache = new ConcurrentHashMap<>();

    /** The problems, each naming the offending field; empty when the input is valid. */
    public List<String> problems(JsonNode schema, JsonNode input) {
        if (schema == null || schema.isNull() || schema.isEmpty()) {
            return List.of();
        }
        JsonSchema compiled = cache.computeIfAbsent(schema, FACTORY::getSchema);
        return compiled.validate(input).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
