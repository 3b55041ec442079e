package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One operation a connector declares: its full name ({@code http.request}), what it does, and the
 * JSON Schemas of its input ({@code with}) and output. Docs and validation are generated from these.
 */
public record OperationSpec(String name, String description, JsonNode inputSchema, JsonNode outputSchema) {
    public OperationSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
        if (!name.matches("[a-z][a-z0-9_-]*\\.[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "operation name must look like 'connector.operation' (lower case), but was '" + name
                            + "'");
        }
    }
}
