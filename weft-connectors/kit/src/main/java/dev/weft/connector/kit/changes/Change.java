package dev.weft.connector.kit.changes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One record of a page as the cursor sees it: its id, its mark (the modified-since value, already in the
 * trigger's {@link MarkOrder}) and the record itself, which the connector turns into an event. Immutable.
 *
 * @param id what identifies the record among those sharing a mark: its key, or its key values joined
 * @param mark the record's modified-since value
 * @param record the record as the vendor answered it
 */
public record Change(String id, JsonNode mark, JsonNode record) {
    public Change {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mark, "mark");
        Objects.requireNonNull(record, "record");
    }
}
