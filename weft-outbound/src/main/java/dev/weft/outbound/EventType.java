package dev.weft.outbound;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An entry of the event-type catalog: one of the platform's types or one a tenant declared. Immutable.
 *
 * @param schema the JSON Schema of its payload
 * @param example an example payload (test sends use it), or null
 * @param platform whether it is the platform's own (written by Weft, not declarable)
 */
public record EventType(String type, String description, JsonNode schema, JsonNode example,
        boolean platform) {
}
