package dev.weft.connector.nats;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Credential;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import dev.weft.testkit.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The NATS server with JetStream on this machine (127.0.0.1:4222, no authentication), seen by the tests
 * through a connection of their own: they create streams under names unique to the run, publish raw
 * messages and read what the connector left there. Every stream it created is deleted on
 * {@link #close()}. Not thread-safe.
 */
final class JetStreamServer implements AutoCloseable {
    static final String URL = "nats://127.0.0.1:4222";
    static final RequiredService NATS = RequiredService.of("NATS with JetStream at " + URL,
            "start it (apt-get install nats-server; nats-server -js)", () -> {
                Connection c = Nats.connect(URL);
                try {
                    c.jetStreamManagement().getAccountStatistics();
                } finally {
                    c.close();
                }
            });
    /** How long a test waits for something the server or the connector does by itself. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The local server has no authentication and ignores a token: a canary the contract suite looks for. */
    static final String CANARY_TOKEN = "canary-token-6b1f0e9d2c";

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final List<String> streams = new ArrayList<>();

    JetStreamServer() throws IOException, InterruptedException, JetStreamApiException {
        connection = Nats.connect(URL);
        jsm = connection.jetStreamManagement();
    }

    /** A name unique to this run: {@code prefix_<12 hex digits>}. */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The server as a system, with a token it ignores (the contract suite checks it never comes back). */
    static TestSystem system(String id) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putArray("servers").add(URL);
        return TestSystem.named(id).withConfig(config).withCredential(new Credential.Secret(CANARY_TOKEN));
    }

    /** Creates a stream capturing {@code subjects}, deleted on close. */
    String stream(String name, String... subjects) throws IOException, JetStreamApiException {
        jsm.addStream(
                StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.Memory)
                        .build());
        streams.add(name);
        return name;
    }

    /** Deletes {@code name} on close (a stream the connector created). */
    void deleteLater(String name) {
        streams.add(name);
    }

    JetStream jetStream() throws IOException {
        return connection.jetStream();
    }

    JetStreamManagement management() {
        return jsm;
    }

    long messages(String stream) throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
    }

    MessageInfo message(String stream, long seq) throws IOException, JetStreamApiException {
        return jsm.getMessage(stream, seq);
    }

    ConsumerInfo consumer(String stream, String durable) throws IOException, JetStreamApiException {
        return jsm.getConsumerInfo(stream, durable);
    }

    /** Waits up to {@link #WAIT} until {@code condition} holds; fails when it does not. */
    static void eventually(String what, Eventually.Check condition) throws Exception {
        Eventually.until(what, WAIT, condition);
    }

    @Override
    public void close() {
        for (String s : streams) {
            try {
                jsm.deleteStream(s);
            } catch (IOException | JetStreamApiException e) {
                // gone already
            }
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
