package dev.weft.connector.nats;

import dev.weft.testkit.connector.RecordingSink;
import static dev.weft.connector.nats.JetStreamServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink.Outcome;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code nats.consume} trigger's guarantees against the local NATS server: acknowledged only after the
 * sink answered, redelivered when it was not, the durable consumer's place kept across subscriptions.
 */
class NatsConsumeIT {
    @RegisterExtension
    static final RequiredService NATS = JetStreamServer.NATS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JetStreamServer server;
    private SystemClient client;
    private String stream;
    private String subject;
    private String durable;

    @BeforeEach
    void setUp() throws Exception {
        server = new JetStreamServer();
        stream = JetStreamServer.unique("CONSUME");
        subject = stream.toLowerCase(Locale.ROOT);
        server.stream(stream, subject + ".>");
        durable = JetStreamServer.unique("weft");
        client = new NatsConnector().open(JetStreamServer.system("consume"));
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    /** A short ackWait, so that a message left unacknowledged comes again soon. */
    private JsonNode config() throws Exception {
        return JSON.readTree("{\"stream\": \"" + stream + "\", \"durable\": \"" + durable
                + "\", \"ackWait\": 2000}");
    }

    private long publish(String data) throws Exception {
        return server.jetStream().publish(subject + ".orders", data.getBytes(StandardCharsets.UTF_8))
                .getSeqno();
    }

    @Test
    void aMessageIsAcknowledgedOnlyAfterTheSinkQueuedIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink(e -> {
            release.await();
            return Outcome.QUEUED;
        });
        long seq = publish("{\"orderId\": 1}");
        try (Subscription s = client.subscribe("nats.consume", config(), sink)) {
            Event event = sink.next();
            assertThat(event.id()).isEqualTo(stream + ":" + seq);
            assertThat(event.data().get("data")).isEqualTo(JSON.readTree("{\"orderId\": 1}"));
            assertThat(event.data().get("dataEncoding").asText()).isEqualTo("json");
            assertThat(event.data().get("delivered").asLong()).isEqualTo(1);
            assertThat(server.consumer(stream, durable).getNumAckPending()).isEqualTo(1);
            assertThat(s.healthy()).isTrue();

            release.countDown();
            sink.nextAnswered();
            eventually("the message is acknowledged", () -> server.consumer(stream, durable)
                    .getNumAckPending() == 0);
            assertThat(server.consumer(stream, durable).getNumPending()).isZero();
        }
    }

    @Test
    void aMessageInHandWhenTheClientClosesIsDeliveredAgainToANewSubscription() throws Exception {
        RecordingSink blocked = new RecordingSink(e -> {
            new CountDownLatch(1).await(); // until the client's close interrupts it
            return Outcome.QUEUED;
        });
        long seq = publish("{\"orderId\": 2}");
        client.subscribe("nats.consume", config(), blocked);
        Event first = blocked.next();
        assertThat(server.consumer(stream, durable).getNumAckPending()).isEqualTo(1);

        client.close(); // aborts the trigger: the message in hand is not acknowledged

        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        try (SystemClient again = new NatsConnector().open(JetStreamServer.system("consume-again"));
                Subscription s = again.subscribe("nats.consume", config(), sink)) {
            assertThat(s.healthy()).isTrue();
            Event second = sink.next();
            assertThat(second.id()).isEqualTo(first.id()).isEqualTo(stream + ":" + seq);
            assertThat(second.data().get("delivered").asLong()).isEqualTo(2);
            sink.nextAnswered();
            eventually("the redelivered message is acknowledged", () -> server.consumer(stream, durable)
                    .getNumAckPending() == 0);
        }
    }

    @Test
    void closingASubscriptionWaitsForTheMessageInHandAndAcknowledgesIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink(e -> {
            release.await();
            return Outcome.QUEUED;
        });
        publish("{\"orderId\": 3}");
        Subscription s = client.subscribe("nats.consume", config(), sink);
        sink.next();
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = Thread.ofVirtual().start(() -> {
            s.close();
            closed.countDown();
        });

        assertThat(closed.await(300, TimeUnit.MILLISECONDS)).as("close returned with the message in hand")
                .isFalse();
        release.countDown();
        closer.join();
        assertThat(s.healthy()).isFalse();
        assertThat(server.consumer(stream, durable).getNumAckPending()).isZero();
        assertThat(server.consumer(stream, durable).getNumPending()).isZero();
    }

    @Test
    void aFailedMessageIsDeliveredAgainWithTheSameEventId() throws Exception {
        RecordingSink sink = RecordingSink.answering(e -> e.data().get("delivered").asLong() == 1
                ? Outcome.FAILED
                : Outcome.QUEUED);
        long seq = publish("{\"orderId\": 4}");
        try (Subscription s = client.subscribe("nats.consume", config(), sink)) {
            assertThat(s.healthy()).isTrue();
            Event first = sink.next();
            Event second = sink.next();

            assertThat(second.id()).isEqualTo(first.id()).isEqualTo(stream + ":" + seq);
            assertThat(second.data().get("delivered").asLong()).isEqualTo(2);
            sink.nextAnswered();
            sink.nextAnswered();
            eventually("the second delivery is acknowledged", () -> server.consumer(stream, durable)
                    .getNumAckPending() == 0);
        }
    }

    @Test
    void theDurableConsumerResumesAfterItsLastAcknowledgedMessage() throws Exception {
        publish("{\"n\": 1}");
        publish("{\"n\": 2}");
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        try (Subscription s = client.subscribe("nats.consume", config(), sink)) {
            assertThat(s.healthy()).isTrue();
            sink.nextAnswered();
            sink.nextAnswered();
        }
        long third = publish("{\"n\": 3}");

        RecordingSink later = RecordingSink.always(Outcome.DUPLICATE);
        try (Subscription s = client.subscribe("nats.consume", config(), later)) {
            assertThat(s.healthy()).isTrue();
            Event next = later.nextAnswered();
            assertThat(next.id()).isEqualTo(stream + ":" + third);
            assertThat(next.data().get("data").get("n").asInt()).isEqualTo(3);
            eventually("the third message is acknowledged", () -> server.consumer(stream, durable)
                    .getNumAckPending() == 0);
        }
        assertThat(later.offered()).hasSize(1);
    }

    @Test
    void textAndHeadersReachTheEvent() throws Exception {
        Headers headers = new Headers().add("Content-Type", "text/plain").add("source", "a", "b");
        server.jetStream().publish(subject + ".notes", headers, "hello".getBytes(StandardCharsets.UTF_8));
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        try (Subscription s = client.subscribe("nats.consume", config(), sink)) {
            assertThat(s.healthy()).isTrue();
            JsonNode data = sink.next().data();
            assertThat(data.get("data").asText()).isEqualTo("hello");
            assertThat(data.get("dataEncoding").asText()).isEqualTo("text");
            assertThat(data.get("subject").asText()).isEqualTo(subject + ".notes");
            assertThat(data.get("headers").get("source")).isEqualTo(JSON.readTree("[\"a\", \"b\"]"));
            sink.nextAnswered();
        }
    }

    @Test
    void aStreamThatDoesNotExistIsAPermanentError() throws Exception {
        JsonNode config = JSON.readTree("{\"stream\": \"" + JetStreamServer.unique("MISSING")
                + "\", \"durable\": \"d\"}");
        assertThatThrownBy(
                () -> client.subscribe("nats.consume", config, RecordingSink.always(Outcome.QUEUED)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("nats.stream_not_found");
                    assertThat(e.retryable()).isFalse();
                });
    }
}
