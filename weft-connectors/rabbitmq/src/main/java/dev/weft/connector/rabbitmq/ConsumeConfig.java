package dev.weft.connector.rabbitmq;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration of a {@code rabbitmq.consume} trigger. Immutable.
 *
 * @param prefetch how many unacknowledged messages the broker hands over at once; this many events may
 *     be in the sink at the same time (1 keeps the queue's order)
 * @param deadLetterExchange where rejected and unreadable messages are republished, or null to reject
 *     them to the queue's own dead-letter exchange ({@code x-dead-letter-exchange})
 */
record ConsumeConfig(String queue, int prefetch, String deadLetterExchange) {
    static final String NAME = "rabbitmq.consume";
    static final int PREFETCH = 10;
    private static final Inputs INPUTS = Inputs.ofTrigger(NAME);
    private static final Set<String> FIELDS = Set.of("queue", "prefetch", "deadLetterExchange");

    ConsumeConfig {
        Objects.requireNonNull(queue, "queue");
        if (queue.isEmpty()) {
            throw new IllegalArgumentException("queue must not be empty");
        }
        if (prefetch < 1 || prefetch > 65535) {
            throw new IllegalArgumentException("prefetch must be from 1 to 65535, but was " + prefetch);
        }
    }

    static ConsumeConfig from(JsonNode config) throws ConnectorException {
        INPUTS.requireObject(config, FIELDS);
        String queue = INPUTS.required(config, "queue", "orders");
        int prefetch = INPUTS.integer(config, "prefetch", PREFETCH, 1, 65535);
        String deadLetterExchange = INPUTS.text(config, "deadLetterExchange", null);
        return new ConsumeConfig(queue, prefetch, deadLetterExchange);
    }
}
