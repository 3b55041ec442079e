package dev.weft.connector.mqtt;

import dev.weft.testkit.connector.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink.Outcome;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import dev.weft.testkit.Eventually;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code mqtt.subscribe} trigger against the local Mosquitto: events reach the sink, a QoS 1 message is
 * acknowledged only after the sink answered, failed ones come again, the session outlives the trigger, and
 * health follows the connection (cut through a {@link TcpProxy}).
 */
class MqttSubscribeIT {
    @RegisterExtension
    static final RequiredService MOSQUITTO = Mosquitto.MOSQUITTO;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        for (String clientId : sessions) {
            Mosquitto.forgetSession(clientId);
        }
    }

    private SystemClient open(TestSystem system) throws Exception {
        SystemClient client = new MqttConnector().open(system);
        toClose.add(client);
        return client;
    }

    private Subscription subscribe(SystemClient client, String config, RecordingSink sink) throws Exception {
        Subscription s = client.subscribe("mqtt.subscribe", JSON.readTree(config), sink);
        toClose.add(s);
        sessions.add(((TopicSubscription) s).clientId());
        return s;
    }

    private static Mosquitto.Plain publisher() throws Exception {
        return Mosquitto.Plain.connect();
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        Eventually.until(what, Mosquitto.WAIT, condition::getAsBoolean);
    }

    @Test
    void eachMessageReachesTheSinkAsAnEventIdentifiedByTopicAndPayload() throws Exception {
        String topic = Mosquitto.topic("events");
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        subscribe(open(Mosquitto.system("events")), "{\"topic\": \"" + topic + "/#\"}", sink);
        try (Mosquitto.Plain plain = publisher()) {
            plain.publish(topic + "/kitchen", "{\"celsius\": 21.5}", 1);
            plain.publish(topic + "/hall", "ON", 0);
            plain.client.publish(topic + "/raw", new byte[]{(byte) 0xff, 0x00}, 1, false);
        }
        Event json = sink.next();
        assertThat(json.id())
                .isEqualTo(Messages.contentHash(topic + "/kitchen", "{\"celsius\": 21.5}".getBytes(
                        StandardCharsets.UTF_8)));
        assertThat(json.data()).isEqualTo(JSON.readTree("{\"topic\": \"" + topic + "/kitchen\","
                + " \"payload\": {\"celsius\": 21.5}, \"payloadEncoding\": \"json\", \"qos\": 1,"
                + " \"retained\": false, \"duplicate\": false}"));
        List<Event> rest = List.of(sink.next(), sink.next());
        assertThat(rest)
                .extracting(e -> e.data().get("payloadEncoding").asText() + " " + e.data().get("payload")
                        .asText() + " " + e.data().get("qos").asInt())
                .containsExactlyInAnyOrder("text ON 0", "base64 /wA= 1");
    }

    @Test
    void aMessageTheSinkStillHoldsIsNotAcknowledgedAndComesAgainWhenTheConnectionIsLost() throws Exception {
        String topic = Mosquitto.topic("held");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger offers = new AtomicInteger();
        RecordingSink sink = new RecordingSink(e -> {
            if (offers.incrementAndGet() == 1) {
                release.await();
                return Outcome.QUEUED;
            }
            return Outcome.DUPLICATE;
        });
        try (TcpProxy proxy = new TcpProxy(Mosquitto.PORT).start()) {
            Subscription s = subscribe(open(Mosquitto.system("held", proxy.port())), "{\"topic\": \"" + topic
                    + "\"}", sink);
            try (Mosquitto.Plain plain = publisher()) {
                plain.publish(topic, "{\"n\": 1}", 1);
            }
            Event held = sink.next();
            proxy.cut(); // the sink has not answered: no PUBACK was sent, so the broker still owes it
            Event again = sink.next();
            assertThat(again.id()).isEqualTo(held.id());
            assertThat(again.data().get("duplicate").asBoolean()).isTrue();
            assertThat(sink.nextAnswered().id()).isEqualTo(held.id()); // DUPLICATE: acknowledged now
            release.countDown();
            await(s::healthy, "reconnected");
        }
    }

    @Test
    void aFailedMessageIsDeliveredAgainAfterTheSubscriptionReconnects() throws Exception {
        String topic = Mosquitto.topic("failed");
        AtomicInteger offers = new AtomicInteger();
        RecordingSink sink = RecordingSink.answering(e -> offers.incrementAndGet() == 1
                ? Outcome.FAILED
                : Outcome.QUEUED);
        subscribe(open(Mosquitto.system("failed")), "{\"topic\": \"" + topic + "\"}", sink);
        try (Mosquitto.Plain plain = publisher()) {
            plain.publish(topic, "{\"order\": 7}", 1);
            Event first = sink.next();
            Event second = sink.next();
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(first.data().get("duplicate").asBoolean()).isFalse();
            assertThat(second.data().get("duplicate").asBoolean()).isTrue();
            plain.publish(topic, "{\"marker\": true}", 1);
            // acknowledged the second time: what comes next is the new message, not the old one again
            assertThat(sink.next().data().get("payload")).isEqualTo(JSON.readTree("{\"marker\": true}"));
        }
    }

    @Test
    void rejectedAndQueuedMessagesAreAcknowledgedSoTheNextSessionDoesNotGetThemAgain() throws Exception {
        String topic = Mosquitto.topic("settled");
        SystemClient client = open(Mosquitto.system("settled"));
        String config = "{\"topic\": \"" + topic + "\"}";
        RecordingSink first = RecordingSink.answering(e -> e.data().get("payload").asInt() == 1
                ? Outcome.REJECTED
                : Outcome.QUEUED);
        Subscription s = subscribe(client, config, first);
        try (Mosquitto.Plain plain = publisher()) {
            plain.publish(topic, "1", 1);
            plain.publish(topic, "2", 1);
            first.nextAnswered();
            first.nextAnswered();
            s.close();
            plain.publish(topic, "3", 1); // kept by the broker for the stopped trigger's session
        }
        RecordingSink second = RecordingSink.always(Outcome.QUEUED);
        subscribe(client, config, second);
        Event next = second.next();
        assertThat(next.data().get("payload").asInt()).isEqualTo(3);
        assertThat(next.data().get("duplicate").asBoolean()).isFalse();
    }

    @Test
    void healthIsFalseWhileTheBrokerIsUnreachableAndMessagesFlowAgainAfterwards() throws Exception {
        String topic = Mosquitto.topic("health");
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        try (TcpProxy proxy = new TcpProxy(Mosquitto.PORT).start()) {
            Subscription s = subscribe(open(Mosquitto.system("health", proxy.port())),
                    "{\"topic\": \"" + topic
                            + "\"}",
                    sink);
            assertThat(s.healthy()).isTrue();
            proxy.stop();
            await(() -> !s.healthy(), "unhealthy");
            try (Mosquitto.Plain plain = publisher()) {
                plain.publish(topic, "{\"while\": \"away\"}", 1);
            }
            proxy.start();
            await(s::healthy, "healthy again");
            assertThat(sink.next().data().get("payload")).isEqualTo(JSON.readTree("{\"while\": \"away\"}"));
        }
    }

    @Test
    void aSharedGroupSubscriptionReceivesTheGroupsMessages() throws Exception {
        String topic = Mosquitto.topic("shared");
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        subscribe(open(Mosquitto.system("shared")),
                "{\"topic\": \"" + topic + "\", \"sharedGroup\": \"weft\","
                        + " \"qos\": 0}",
                sink);
        try (Mosquitto.Plain plain = publisher()) {
            plain.publish(topic, "\"hello\"", 1);
        }
        Event e = sink.next();
        assertThat(e.data().get("payload").asText()).isEqualTo("hello");
        assertThat(e.data().get("qos").asInt()).isZero();
    }
}
