package dev.weft.connector.nats;

import dev.weft.connector.ConnectorException;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Duration;

/**
 * Publishes a copy of a message the trigger gives up on to the {@code deadLetterSubject}, through
 * JetStream (so a stream must capture that subject) and waiting for the stream's acknowledgement. The
 * copy keeps the data and headers and adds {@code Weft-Reason}, {@code Weft-Stream},
 * {@code Weft-Sequence} and {@code Weft-Subject}; its {@code Nats-Msg-Id} is {@code dead:<event id>}, so
 * a copy published again after a crash is dropped as a duplicate. Thread-safe.
 */
final class DeadLetter {
    static final String REASON = "Weft-Reason";
    static final String STREAM = "Weft-Stream";
    static final String SEQUENCE = "Weft-Sequence";
    static final String SUBJECT = "Weft-Subject";
    /** The original's publish conditions would make the copy fail, and its id is replaced. */
    private static final String[] NOT_COPIED = {Publish.MSG_ID, "Nats-Expected-Stream",
            "Nats-Expected-Last-Sequence", "Nats-Expected-Last-Msg-Id",
            "Nats-Expected-Last-Subject-Sequence"};

    private final JetStream jetStream;
    private final String subject;
    private final String where;

    DeadLetter(JetStream jetStream, String subject, String where) {
        this.jetStream = jetStream;
        this.subject = subject;
        this.where = where;
    }

    String subject() {
        return subject;
    }

    /** Publishes the copy; returns once the stream acknowledged it. */
    void publish(Message message, String reason, Duration timeout) throws ConnectorException {
        NatsJetStreamMetaData meta = message.metaData();
        Headers headers = new Headers(message.getHeaders(), false, NOT_COPIED);
        // a header value is one line
        headers.put(REASON, reason.replaceAll("[\\r\\n]+", " "));
        headers.put(STREAM, meta.getStream());
        headers.put(SEQUENCE, Long.toString(meta.streamSequence()));
        headers.put(SUBJECT, message.getSubject());
        PublishOptions options = PublishOptions.builder().messageId("dead:" + Deliveries.eventId(meta))
                .streamTimeout(timeout).build();
        try {
            jetStream.publish(subject, headers, message.getData(), options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw Failures.of(e, "publishing a dead-letter copy to subject '" + subject + "'", where);
        }
    }
}
