package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One operation a connector declares: its full name ({@code http.request}), what it does, the JSON
 * Schemas of its input ({@code with}) and output, whether calling it twice with the same input has the
 * effect of calling it once, whether it only reads, and examples. Docs, validation and the gateway's retry
 * and cache rules come from these. Immutable.
 *
 * @param idempotent true when a repeated call has no further effect (a read, a PUT, an upsert): safe to
 *     retry; the gateway retries only idempotent operations unless a system's policy says otherwise
 * @param readOnly true when the call changes nothing at all (a query, a GET): safe to answer from memory;
 *     only read-only operations are answered from a system's response cache. A write is never read-only,
 *     even when it is idempotent ({@code redis.set}, an upsert). Read-only implies idempotent.
 */
public record OperationSpec(String name, String description, JsonNode inputSchema, JsonNode outputSchema,
        boolean idempotent, boolean readOnly, List<Example> examples) {

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
        if (readOnly && !idempotent) {
            throw new IllegalArgumentException(
                    "operation " + name + " is declared readOnly but not idempotent;"
                            + " a call that changes nothing can be repeated: declare it idempotent too");
        }
    }

    /** An operation that may change something (not {@link #readOnly}). */
    public OperationSpec(String name, String description, JsonNode inputSchema, JsonNode outputSchema,
            boolean idempotent, List<Example> examples) {
        this(name, description, inputSchema, outputSchema, idempotent, false, examples);
    }

    /** The connector id this operation's name starts with. */
    public String connectorId() {
        return name.substring(0, name.indexOf('.'));
    }
}
