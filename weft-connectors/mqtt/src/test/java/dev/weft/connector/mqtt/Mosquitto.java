package dev.weft.connector.mqtt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Credential;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The Mosquitto on this machine (127.0.0.1:1883, anonymous clients allowed), for the tests: systems
 * pointing at it, topics of this run's own, and plain Paho clients that subscribe and publish.
 */
final class Mosquitto {
    static final String HOST = "127.0.0.1";
    static final int PORT = 1883;
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String CANARY_USER = "weft-canary-user";
    static final String CANARY_PASSWORD = "canary-Pa55word-must-never-leak-7f3a";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    static final RequiredService MOSQUITTO = RequiredService.of("Mosquitto at " + HOST + ":" + PORT,
            "start it with `service mosquitto start` (anonymous clients allowed)", () -> {
                try (Plain probe = Plain.connect()) {
                    probe.client.publish("weft-test/probe", new MqttMessage(new byte[0]));
                }
            });

    private Mosquitto() {
    }

    /** A topic of this run's own: {@code weft-test/<run>/<name>-<random>}. */
    static String topic(String name) {
        return "weft-test/" + RUN + "/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A system at the local broker (or {@code port}), with a canary credential the broker ignores. */
    static TestSystem system(String id, int port) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("host", HOST);
        config.put("port", port);
        config.put("clientIdPrefix", "weft-test-" + RUN);
        config.put("connectionTimeout", 5);
        return TestSystem.named(id).withConfig(config)
                .withCredential(new Credential.Basic(CANARY_USER, CANARY_PASSWORD));
    }

    static TestSystem system(String id) {
        return system(id, PORT);
    }

    /** Ends a persistent session the tests left on the broker (a clean-session connect with its id). */
    static void forgetSession(String clientId) throws MqttException {
        MqttClient client = new MqttClient("tcp://" + HOST + ":" + PORT, clientId, new MemoryPersistence());
        try {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /** A plain Paho client with automatic acknowledgements: what another application would use. */
    static final class Plain implements AutoCloseable {
        final MqttClient client;
        private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

        record Received(String topic, MqttMessage message) {
            String text() {
                return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        private Plain(MqttClient client) {
            this.client = client;
        }

        static Plain connect() throws MqttException {
            MqttClient client = new MqttClient("tcp://" + HOST + ":" + PORT, "weft-test-plain-" + UUID
                    .randomUUID().toString().substring(0, 8), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setConnectionTimeout(5);
            client.connect(options);
            return new Plain(client);
        }

        Plain subscribe(String filter, int qos) throws MqttException {
            client.subscribe(filter, qos, (topic, message) -> received.add(new Received(topic, message)));
            return this;
        }

        void publish(String topic, String payload, int qos) throws MqttException {
            MqttMessage message = new MqttMessage(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            message.setQos(qos);
            client.publish(topic, message);
        }

        /** The next message received, waiting up to {@link #WAIT}; fails when none comes. */
        Received next() throws InterruptedException {
            Received r = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no message arrived within " + WAIT);
            }
            return r;
        }

        @Override
        public void close() throws MqttException {
            try {
                if (client.isConnected()) {
                    client.disconnect();
                }
            } finally {
                client.close();
            }
        }
    }
}
