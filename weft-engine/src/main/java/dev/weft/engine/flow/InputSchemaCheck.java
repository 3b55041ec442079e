package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.ValidationMessage;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a flow's {@code input} against the JSON Schema 2020-12 meta-schema. The meta-schema is read
 * from the validator's own jar (it maps json-schema.org to the classpath), so no network is used.
 */
final class InputSchemaCheck {
    // Compiling the meta-schema is the expensive part; the compiled schema is immutable and thread-safe.
    private static final JsonSchema META_SCHEMA = JsonSchemas.local()
            .getSchema(SchemaLocation.of(SchemaId.V202012),
                    SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());

    private InputSchemaCheck() {
    }

    static void check(JsonNode inputSchema, Problems problems) {
        if (inputSchema == null) {
            return;
        }
        // One meta-schema error often comes with its siblings (anyOf branches): one problem per place.
        Map<String, Set<String>> byPlace = new LinkedHashMap<>();
        for (ValidationMessage m : META_SCHEMA.validate(inputSchema)) {
            String at = m.getInstanceLocation().toString();
            byPlace.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(m.getError());
        }
        byPlace.forEach((at, errors) -> problems.at("/input" + at,
                "flow: 'input' is not a valid JSON Schema (draft 2020-12)" + (at.isEmpty() ? "" : " at " + at)
                        + ": "
                        + String.join("; ", errors)));
    }
}
