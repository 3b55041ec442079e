package dev.weft.connector.nats;

import dev.weft.testkit.connector.RecordingSink;
import static dev.weft.connector.nats.JetStreamServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink.Outcome;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages the {@code nats.consume} trigger gives up on: rejected by the flow or unreadable, they are
 * terminated (never delivered again) after a copy went to the dead-letter subject.
 */
class NatsDeadLetterIT {
    @RegisterExtension
    static final RequiredService NATS = JetStreamServer.NATS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JetStreamServer server;
    private SystemClient client;
    private String stream;
    private String subject;
    private String deadStream;
    private String deadSubject;
    private String durable;

    @BeforeEach
    void setUp() throws Exception {
        server = new JetStreamServer();
        stream = JetStreamServer.unique("ORDERS");
        subject = stream.toLowerCase(Locale.ROOT);
        server.stream(stream, subject + ".>");
        deadStream = stream + "_DEAD";
        deadSubject = subject + "_dead";
        server.stream(deadStream, deadSubject);
        durable = JetStreamServer.unique("weft");
        client = new NatsConnector().open(JetStreamServer.system("dead-letter"));
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    private JsonNode config(boolean withDeadLetter) throws Exception {
        return JSON.readTree("{\"stream\": \"" + stream + "\", \"durable\": \"" + durable + "\", \"ackWait\":"
                + " 2000" + (withDeadLetter ? ", \"deadLetterSubject\": \"" + deadSubject + "\"" : "") + "}");
    }

    /** Once a later message was acknowledged, nothing is pending or waiting for an acknowledgement. */
    private void settledAfter(RecordingSink sink, long lastSeq) throws Exception {
        eventually("every message is settled", () -> {
            ConsumerInfo info = server.consumer(stream, durable);
            return info.getNumAckPending() == 0 && info.getNumPending() == 0
                    && info.getAckFloor().getStreamSequence() >= lastSeq;
        });
    }

    @Test
    void aRejectedMessageIsCopiedToTheDeadLetterSubjectAndTerminated() throws Exception {
        long seq = server.jetStream().publish(subject + ".created", new Headers().add("source", "shop"),
                "{\"bad\": true}".getBytes(StandardCharsets.UTF_8)).getSeqno();
        RecordingSink sink = RecordingSink.answering(e -> e.data().get("data").has("bad")
                ? Outcome.REJECTED
                : Outcome.QUEUED);
        try (Subscription s = client.subscribe("nats.consume", config(true), sink)) {
            assertThat(s.healthy()).isTrue();
            Event rejected = sink.nextAnswered();
            eventually("the copy is in the dead-letter stream", () -> server.messages(deadStream) == 1);
            long good = server.jetStream().publish(subject + ".created", "{\"ok\": 1}".getBytes(
                    StandardCharsets.UTF_8)).getSeqno();
            assertThat(sink.nextAnswered().id()).isEqualTo(stream + ":" + good);
            settledAfter(sink, good);

            assertThat(rejected.id()).isEqualTo(stream + ":" + seq);
            assertThat(sink.offered()).extracting(Event::id).containsExactly(stream + ":" + seq, stream + ":"
                    + good);
            MessageInfo copy = server.message(deadStream, 1);
            assertThat(new String(copy.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"bad\": true}");
            assertThat(copy.getHeaders().getFirst("source")).isEqualTo("shop");
            assertThat(copy.getHeaders().getFirst("Weft-Reason")).contains("rejected");
            assertThat(copy.getHeaders().getFirst("Weft-Stream")).isEqualTo(stream);
            assertThat(copy.getHeaders().getFirst("Weft-Sequence")).isEqualTo(Long.toString(seq));
            assertThat(copy.getHeaders().getFirst("Weft-Subject")).isEqualTo(subject + ".created");
        }
    }

    @Test
    void aRejectedMessageWithoutADeadLetterSubjectIsTerminatedOnly() throws Exception {
        long seq = server.jetStream().publish(subject + ".x", "1".getBytes(StandardCharsets.UTF_8))
                .getSeqno();
        RecordingSink sink = RecordingSink.answering(e -> e.id().equals(stream + ":" + seq)
                ? Outcome.REJECTED
                : Outcome.QUEUED);
        try (Subscription s = client.subscribe("nats.consume", config(false), sink)) {
            assertThat(s.healthy()).isTrue();
            sink.nextAnswered();
            long good = server.jetStream().publish(subject + ".x", "2".getBytes(StandardCharsets.UTF_8))
                    .getSeqno();
            sink.nextAnswered();
            settledAfter(sink, good);
        }
        assertThat(sink.offered()).hasSize(2);
        assertThat(server.messages(deadStream)).isZero();
    }

    @Test
    void dataThatIsNotTheJsonItsContentTypeSaysIsDeadLetteredWithoutReachingTheSink() throws Exception {
        long seq = server.jetStream().publish(subject + ".broken", new Headers().add("Content-Type",
                "application/json"), "{not json".getBytes(StandardCharsets.UTF_8)).getSeqno();
        long good = server.jetStream()
                .publish(subject + ".fine", "{\"ok\": 2}".getBytes(StandardCharsets.UTF_8))
                .getSeqno();
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        try (Subscription s = client.subscribe("nats.consume", config(true), sink)) {
            assertThat(s.healthy()).isTrue();
            assertThat(sink.nextAnswered().id()).isEqualTo(stream + ":" + good);
            settledAfter(sink, good);
            eventually("the copy is in the dead-letter stream", () -> server.messages(deadStream) == 1);
        }
        assertThat(sink.offered()).hasSize(1);
        MessageInfo copy = server.message(deadStream, 1);
        assertThat(copy.getHeaders().getFirst("Weft-Reason")).contains("not valid JSON");
        assertThat(copy.getHeaders().getFirst("Weft-Sequence")).isEqualTo(Long.toString(seq));
    }
}
