package dev.weft.engine.store.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's own event type, declared with the JSON Schema its payloads follow. Immutable.
 *
 * @param type dotted lower-case words, such as {@code invoice.approved}
 * @param description what it means, or null
 * @param schema the JSON Schema (draft 2020-12) of its payload
 * @param example an example payload (test sends use it), or null
 */
public record EventTypeRecord(String tenantId, String type, String description, JsonNode schema,
        JsonNode example, Instant createdAt, Instant updatedAt) {

    public EventTypeRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
