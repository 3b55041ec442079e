package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Asks a polling trigger for its next events.
 *
 * @param trigger the trigger's full name, for example {@code postgres.rows}
 * @param config the trigger's configuration from the flow, valid against its config schema
 * @param cursor where the previous poll ended, as the connector returned it; null on the first poll
 * @param max the most events to return at once
 */
public record PollRequest(String trigger, JsonNode config, JsonNode cursor, int max) {
    public PollRequest {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(config, "config");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, but was " + max);
        }
    }
}
