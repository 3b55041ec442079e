package dev.weft.connector.rabbitmq;

import dev.weft.testkit.connector.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink.Outcome;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code rabbitmq.consume} trigger's guarantees against the RabbitMQ on this machine, driven through
 * {@code subscribe} with a recording sink: acknowledged only after the sink answered, dead-lettered on
 * REJECTED and on unreadable bodies, redelivered on FAILED.
 */
class RabbitMqConsumeIT {
    @RegisterExtension
    static final RequiredService RABBITMQ = Broker.RABBITMQ;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AMQP.BasicProperties JSON_MESSAGE = new AMQP.BasicProperties.Builder()
            .contentType("application/json").build();

    private final RabbitMqConnector rabbitmq = new RabbitMqConnector();
    private Broker broker;
    private SystemClient client;

    @BeforeEach
    void open() throws Exception {
        broker = new Broker();
        client = rabbitmq.open(Broker.system("consume-it"));
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        broker.close();
    }

    private Subscription consume(String config, RecordingSink sink) throws Exception {
        return client.subscribe("rabbitmq.consume", JSON.readTree(config), sink);
    }

    private static AMQP.BasicProperties withId(String messageId) {
        return JSON_MESSAGE.builder().messageId(messageId).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageIsInHandUnacknowledgedWhileTheSinkIsBusyAndComesAgainIfTheConnectionDies() throws Exception {
        String queue = broker.queue("in-hand", null);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink blocking = new RecordingSink(e -> {
            release.await();
            return Outcome.QUEUED;
        });
        broker.publish(queue, withId("m-1"), utf8("{\"n\": 1}"));
        consume("{\"queue\": \"" + queue + "\"}", blocking);

        assertThat(blocking.next().id()).isEqualTo("m-1");
        assertThat(broker.ready(queue)).as("taken from the queue, but not acknowledged").isZero();
        client.close(); // the platform stops hard while the sink is still busy: nothing was acknowledged
        release.countDown();

        GetResponse again = broker.await(queue);
        assertThat(again.getProps().getMessageId()).isEqualTo("m-1");
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void aQueuedMessageIsAcknowledgedOnceTheSinkAnswered() throws Exception {
        String queue = broker.queue("queued", null);
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        Subscription subscription = consume("{\"queue\": \"" + queue + "\", \"prefetch\": 1}", sink);
        assertThat(subscription.healthy()).isTrue();

        broker.publish(queue, withId("m-1"), utf8("{\"n\": 1}"));
        broker.publish(queue, withId("m-2"), utf8("{\"n\": 2}"));
        sink.nextAnswered();
        sink.nextAnswered();
        subscription.close();

        assertThat(subscription.healthy()).isFalse();
        assertThat(sink.offered()).extracting(Event::id).containsExactly("m-1", "m-2");
        assertThat(broker.ready(queue)).as("closing sent nothing back: both were acknowledged").isZero();
    }

    @Test
    void aDuplicateIsAcknowledgedToo() throws Exception {
        String queue = broker.queue("duplicate", null);
        RecordingSink sink = RecordingSink.always(Outcome.DUPLICATE);
        Subscription subscription = consume("{\"queue\": \"" + queue + "\"}", sink);

        broker.publish(queue, withId("m-1"), utf8("{}"));
        sink.nextAnswered();
        subscription.close();

        assertThat(broker.ready(queue)).isZero();
    }

    @Test
    void aRejectedMessageGoesToTheQueuesDeadLetterExchange() throws Exception {
        String[] dead = broker.deadLetters("rejected");
        String queue = broker.queue("rejected", Map.of("x-dead-letter-exchange", dead[0]));
        RecordingSink sink = RecordingSink.always(Outcome.REJECTED);
        Subscription subscription = consume("{\"queue\": \"" + queue + "\"}", sink);

        broker.publish(queue, withId("m-1"), utf8("{\"n\": 1}"));

        GetResponse deadLetter = broker.await(dead[1]);
        subscription.close();
        assertThat(deadLetter.getProps().getMessageId()).isEqualTo("m-1");
        assertThat(deadLetter.getProps().getHeaders()).containsKey("x-death");
        assertThat(sink.offered()).hasSize(1);
        assertThat(broker.ready(queue)).isZero();
    }

    @Test
    void aRejectedMessageIsRepublishedToTheConfiguredDeadLetterExchangeWithTheReason() throws Exception {
        String[] dead = broker.deadLetters("republished");
        String queue = broker.queue("republished", null);
        RecordingSink sink = RecordingSink.always(Outcome.REJECTED);
        Subscription subscription = consume(
                "{\"queue\": \"" + queue + "\", \"deadLetterExchange\": \"" + dead[0]
                        + "\"}",
                sink);

        broker.publish(queue, withId("m-1"), utf8("{\"n\": 1}"));

        GetResponse deadLetter = broker.await(dead[1]);
        subscription.close();
        assertThat(new String(deadLetter.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"n\": 1}");
        assertThat(deadLetter.getProps().getMessageId()).isEqualTo("m-1");
        assertThat(deadLetter.getEnvelope().getRoutingKey()).isEqualTo(queue);
        Map<String, Object> headers = deadLetter.getProps().getHeaders();
        assertThat(headers.get("x-weft-reason").toString()).contains("rejected");
        assertThat(headers.get("x-weft-queue").toString()).isEqualTo(queue);
        assertThat(broker.ready(queue)).as("acknowledged once the copy was confirmed").isZero();
    }

    @Test
    void aFailedMessageIsDeliveredAgain() throws Exception {
        String queue = broker.queue("failed", null);
        AtomicInteger attempts = new AtomicInteger();
        RecordingSink sink = RecordingSink.answering(e -> attempts.incrementAndGet() == 1
                ? Outcome.FAILED
                : Outcome.QUEUED);
        Subscription subscription = consume("{\"queue\": \"" + queue + "\"}", sink);

        broker.publish(queue, withId("m-1"), utf8("{\"n\": 1}"));
        Event first = sink.nextAnswered();
        Event second = sink.nextAnswered();
        subscription.close();

        assertThat(second.id()).isEqualTo(first.id()).isEqualTo("m-1");
        assertThat(first.data().get("redelivered").booleanValue()).isFalse();
        assertThat(second.data().get("redelivered").booleanValue()).isTrue();
        assertThat(broker.ready(queue)).isZero();
    }

    @Test
    void aBodyThatIsNotTheJsonItDeclaresIsDeadLetteredWithoutReachingTheSink() throws Exception {
        String[] dead = broker.deadLetters("poison");
        String queue = broker.queue("poison", Map.of("x-dead-letter-exchange", dead[0]));
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        Subscription subscription = consume("{\"queue\": \"" + queue + "\", \"prefetch\": 1}", sink);

        broker.publish(queue, withId("poison"), utf8("{\"n\": 1"));
        broker.publish(queue, withId("good"), utf8("{\"n\": 2}"));

        assertThat(broker.await(dead[1]).getProps().getMessageId()).isEqualTo("poison");
        assertThat(sink.nextAnswered().id()).isEqualTo("good");
        subscription.close();
        assertThat(sink.offered()).extracting(Event::id).containsExactly("good");
        assertThat(broker.ready(queue)).isZero();
    }

    @Test
    void poisonRepublishedToTheConfiguredExchangeSaysWhyItCouldNotBeRead() throws Exception {
        String[] dead = broker.deadLetters("poison-reason");
        String queue = broker.queue("poison-reason", null);
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        Subscription subscription = consume(
                "{\"queue\": \"" + queue + "\", \"deadLetterExchange\": \"" + dead[0]
                        + "\"}",
                sink);

        broker.publish(queue,
                new AMQP.BasicProperties.Builder().contentType("application/vnd.order+json").build(),
                utf8("not json at all"));

        GetResponse deadLetter = broker.await(dead[1]);
        subscription.close();
        assertThat(deadLetter.getProps().getHeaders().get("x-weft-reason").toString())
                .contains("not valid JSON").contains("application/vnd.order+json");
        assertThat(sink.offered()).isEmpty();
    }

    @Test
    void theEventCarriesTheMessageAndThePublishersIdempotencyKeyAsItsId() throws Exception {
        String queue = broker.queue("roundtrip", null);
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        Subscription subscription = consume("{\"queue\": \"" + queue + "\"}", sink);

        client.invoke(new Call("rabbitmq.publish",
                JSON.readTree("{\"routingKey\": \"" + queue + "\", \"body\":"
                        + " {\"orderId\": 42}, \"headers\": {\"source\": \"shop\"}}"),
                "exec-7/notify",
                Duration.ofSeconds(10), new Cancellation()));
        Event event = sink.nextAnswered();
        subscription.close();

        assertThat(event.id()).isEqualTo("exec-7/notify");
        assertThat(event.data())
                .isEqualTo(JSON.readTree("{\"body\": {\"orderId\": 42}, \"bodyEncoding\": \"json\","
                        + " \"headers\": {\"source\": \"shop\"}, \"routingKey\": \"" + queue
                        + "\", \"exchange\": \"\","
                        + " \"messageId\": \"exec-7/notify\", \"contentType\": \"application/json\","
                        + " \"redelivered\": false}"));
    }

    @Test
    void withoutAMessageIdTheSameContentGivesTheSameEventId() throws Exception {
        String queue = broker.queue("hash", null);
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        Subscription subscription = consume("{\"queue\": \"" + queue + "\", \"prefetch\": 1}", sink);
        AMQP.BasicProperties text = new AMQP.BasicProperties.Builder()
                .headers(Map.of("b", 2, "a", "one")).build();

        broker.publish(queue, text, utf8("héllo"));
        broker.publish(queue, text, utf8("héllo"));
        broker.publish(queue, text, utf8("other"));
        Event first = sink.nextAnswered();
        Event same = sink.nextAnswered();
        Event other = sink.nextAnswered();
        subscription.close();

        assertThat(first.id()).startsWith("sha256:").isEqualTo(same.id()).isNotEqualTo(other.id());
        assertThat(first.data().get("body").textValue()).isEqualTo("héllo");
        assertThat(first.data().get("bodyEncoding").textValue()).isEqualTo("text");
        assertThat(first.data().get("messageId").isNull()).isTrue();
    }

    @Test
    void aMissingQueueIsAPermanentErrorWhenSubscribing() {
        String missing = Broker.unique("missing");
        assertThatThrownBy(
                () -> consume("{\"queue\": \"" + missing + "\"}", RecordingSink.always(Outcome.QUEUED)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("rabbitmq.not_found");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(missing);
                });
        assertThatThrownBy(() -> consume("{\"prefetch\": 0}", RecordingSink.always(Outcome.QUEUED)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("rabbitmq.config"));
        assertThatThrownBy(() -> client.subscribe("rabbitmq.other", JSON.createObjectNode(),
                RecordingSink.always(Outcome.QUEUED))).isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("trigger.unsupported"));
    }
}
