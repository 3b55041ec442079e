package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The events of one poll, oldest first, and the cursor to poll from next: stored by the platform in the
 * same transaction as the executions the events start.
 *
 * @param more whether more events were ready than returned (the platform polls again at once)
 */
public record PollResult(List<Event> events, JsonNode cursor, boolean more) {
    public PollResult {
        events = List.copyOf(events);
        Objects.requireNonNull(cursor, "cursor");
    }
}
