package dev.weft.connector.nats;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration of a {@code nats.consume} trigger. Immutable.
 *
 * @param durable the durable pull consumer's name: it keeps its place in the stream across restarts
 * @param filterSubject only messages on matching subjects, or null for the whole stream
 * @param ackWait how long the server waits for an acknowledgement before delivering a message again (the
 *     trigger tells the server it is still working while the sink holds a message)
 * @param maxDeliver how often a message is delivered at most, or -1 for no limit
 * @param batch how many messages one fetch asks for; they are handed to the sink one after the other
 * @param deadLetterSubject where a copy of rejected and unreadable messages is published (a stream must
 *     capture it), or null to terminate them without a copy
 */
record ConsumeConfig(String stream, String durable, String filterSubject, Duration ackWait, int maxDeliver,
        int batch, String deadLetterSubject) {
    static final String NAME = "nats.consume";
    static final Duration ACK_WAIT = Duration.ofSeconds(30);
    static final int MAX_DELIVER = 5;
    static final int BATCH = 10;
    private static final String NAME_PATTERN = "[A-Za-z0-9_-]+";
    private static final Inputs INPUTS = Inputs.ofTrigger(NAME);
    private static final Set<String> FIELDS = Set.of("stream", "durable", "filterSubject", "ackWait",
            "maxDeliver", "batch", "deadLetterSubject");

    ConsumeConfig {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(durable, "durable");
        Objects.requireNonNull(ackWait, "ackWait");
        if (!stream.matches(NAME_PATTERN) || !durable.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException(
                    "stream and durable may hold only letters, digits, '_' and '-',"
                            + " but were '" + stream + "' and '" + durable + "'");
        }
        if (maxDeliver == 0 || maxDeliver < -1) {
            throw new IllegalArgumentException("maxDeliver must be -1 or at least 1, but was " + maxDeliver);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, but was " + batch);
        }
    }

    static ConsumeConfig from(JsonNode config) throws ConnectorException {
        INPUTS.requireObject(config, FIELDS);
        String stream = name(config, "stream", "ORDERS");
        String durable = name(config, "durable", "weft-orders");
        String filter = INPUTS.text(config, "filterSubject", null);
        int ackWait = INPUTS.integer(config, "ackWait", (int) ACK_WAIT.toMillis(), 1000, Integer.MAX_VALUE);
        int maxDeliver = INPUTS.integer(config, "maxDeliver", MAX_DELIVER, -1, Integer.MAX_VALUE);
        if (maxDeliver == 0) {
            throw INPUTS.invalid("maxDeliver", "must be -1 (no limit) or at least 1, but was 0");
        }
        int batch = INPUTS.integer(config, "batch", BATCH, 1, 256);
        String deadLetter = INPUTS.text(config, "deadLetterSubject", null);
        return new ConsumeConfig(stream, durable, filter == null || filter.isEmpty() ? null : filter,
                Duration.ofMillis(ackWait), maxDeliver, batch, deadLetter == null || deadLetter.isEmpty()
                        ? null
                        : deadLetter);
    }

    private static String name(JsonNode config, String field, String example) throws ConnectorException {
        String value = INPUTS.required(config, field, example);
        if (!value.matches(NAME_PATTERN)) {
            throw INPUTS.invalid(field,
                    "may hold only letters, digits, '_' and '-', but was '" + value + "'");
        }
        return value;
    }

    /** The durable pull consumer this trigger creates, or updates to these settings. */
    ConsumerConfiguration consumer() {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .durable(durable)
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(ackWait)
                .maxDeliver(maxDeliver);
        if (filterSubject != null) {
            b.filterSubject(filterSubject);
        }
        return b.build();
    }

    /** For messages: {@code consumer 'weft-orders' of stream 'ORDERS'}. */
    String what() {
        return "consumer '" + durable + "' of stream '" + stream + "'";
    }
}
