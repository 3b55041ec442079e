package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One operation a connector declares: its full name ({@code http.request}), what it does, the JSON
 * Schemas of its input ({@code with}) and output, whether calling it twice with the same input has the
 * effect of calling it once, and examples. Docs, validation and the gateway's retry rule come from these.
 *
 * @param idempotent true when a repeated call has no further effect (a read, a PUT, an upsert); the
 *     gateway retries only idempotent operations unless a system's policy says otherwise
 */
public record OperationSpec(String name, String description, JsonNode inputSchema, JsonNode outputSchema,
        boolean idempotent, List<Example> examples) {

    public OperationSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
        examples = List.copyOf(examples);
        if (!name.matches(Names.OPERATION)) {
            throw new IllegalArgumentException(
                    "operation name must look like 'connector.operation' (lower case), but was '" + name
                            + "'");
        }
        Names.requireObjectSchema(name + " input schema", inputSchema);
    }

    /** The connector id this operation's name starts with. */
    public String connectorId() {
        return name.substring(0, name.indexOf('.'));
    }
}
