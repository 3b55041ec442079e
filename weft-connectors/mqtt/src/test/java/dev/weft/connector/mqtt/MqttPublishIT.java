package dev.weft.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code mqtt.publish} and the connection test against the local Mosquitto, seen by a plain subscriber. */
class MqttPublishIT {
    @RegisterExtension
    static final RequiredService MOSQUITTO = Mosquitto.MOSQUITTO;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SystemClient client;

    @BeforeAll
    static void open() throws ConnectorException {
        client = new MqttConnector().open(Mosquitto.system("publish"));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static Call publish(String input) throws Exception {
        return new Call("mqtt.publish", JSON.readTree(input), "test", Duration.ofSeconds(10),
                new Cancellation());
    }

    @Test
    void aQos1MessageIsPublishedAsJsonAndConfirmed() throws Exception {
        String topic = Mosquitto.topic("qos1");
        try (Mosquitto.Plain plain = Mosquitto.Plain.connect().subscribe(topic, 1)) {
            JsonNode out = client.invoke(publish("{\"topic\": \"" + topic
                    + "\", \"payload\": {\"orderId\": 42, \"items\": [1, 2]}}"));
            assertThat(out).isEqualTo(JSON.readTree("{\"published\": true}"));
            Mosquitto.Plain.Received r = plain.next();
            assertThat(r.topic()).isEqualTo(topic);
            assertThat(JSON.readTree(r.text()))
                    .isEqualTo(JSON.readTree("{\"orderId\": 42, \"items\": [1, 2]}"));
            assertThat(r.message().getQos()).isEqualTo(1);
            assertThat(r.message().isRetained()).isFalse();
        }
    }

    @Test
    void aQos0MessageIsPublished() throws Exception {
        String topic = Mosquitto.topic("qos0");
        try (Mosquitto.Plain plain = Mosquitto.Plain.connect().subscribe(topic, 1)) {
            client.invoke(publish("{\"topic\": \"" + topic + "\", \"payload\": \"ON\", \"contentType\":"
                    + " \"text/plain\", \"qos\": 0}"));
            Mosquitto.Plain.Received r = plain.next();
            assertThat(r.text()).isEqualTo("ON");
            assertThat(r.message().getQos()).isZero();
        }
    }

    @Test
    void aStringWithoutAContentTypeIsSentAsAJsonString() throws Exception {
        String topic = Mosquitto.topic("json-string");
        try (Mosquitto.Plain plain = Mosquitto.Plain.connect().subscribe(topic, 1)) {
            client.invoke(publish("{\"topic\": \"" + topic + "\", \"payload\": \"ON\"}"));
            assertThat(plain.next().text()).isEqualTo("\"ON\"");
        }
    }

    @Test
    void aRetainedMessageReachesALaterSubscriber() throws Exception {
        String topic = Mosquitto.topic("retained");
        client.invoke(publish("{\"topic\": \"" + topic + "\", \"payload\": 21.5, \"retain\": true}"));
        try (Mosquitto.Plain plain = Mosquitto.Plain.connect().subscribe(topic, 1)) {
            Mosquitto.Plain.Received r = plain.next();
            assertThat(r.text()).isEqualTo("21.5");
            assertThat(r.message().isRetained()).isTrue();
            plain.client.publish(topic, new byte[0], 1, true); // clears the retained message
        }
    }

    @Test
    void publishingToAWildcardTopicIsAPermanentInputError() {
        assertThatThrownBy(() -> client.invoke(publish("{\"topic\": \"a/+/b\", \"payload\": 1}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("mqtt.input");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("'topic'", "wildcards");
                });
    }

    @Test
    void anUnreachableBrokerIsARetryableErrorAndAFailedConnectionTest() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (SystemClient nowhere = new MqttConnector().open(Mosquitto.system("nowhere", closedPort))) {
            assertThatThrownBy(() -> nowhere.invoke(publish("{\"topic\": \"a\", \"payload\": 1}")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("mqtt.unreachable");
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("config.port").doesNotContain(
                                Mosquitto.CANARY_PASSWORD);
                    });
            ConnectionTest test = nowhere.test();
            assertThat(test.ok()).isFalse();
            assertThat(test.message()).contains("127.0.0.1:" + closedPort);
        }
    }

    @Test
    void theConnectionTestSaysWhereItConnectedAndAsWhom() {
        ConnectionTest test = client.test();
        assertThat(test.ok()).isTrue();
        assertThat(test.message()).contains("tcp://127.0.0.1:1883", Mosquitto.CANARY_USER)
                .doesNotContain(Mosquitto.CANARY_PASSWORD);
    }
}
