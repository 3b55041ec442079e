package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One event from a trigger: an execution starts for it, seeing {@code data} as {@code trigger.event}.
 *
 * @param id stable for the same event however often it is delivered (a message id, a row's key and
 *     version, a file's path and modification time): the platform starts one execution per id
 * @param data what the event carries, valid against the trigger's event schema
 */
public record Event(String id, JsonNode data) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an event's id must not be empty");
        }
    }
}
