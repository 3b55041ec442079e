package dev.weft.connector.rabbitmq;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.weft.connector.Credential;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The RabbitMQ on this machine (guest/guest on 127.0.0.1:5672), seen by the tests with a connection of
 * their own: they set queues and exchanges up with it, under names unique to the run, and read what the
 * connector left there. Everything it declared is deleted on {@link #close()}. Not thread-safe.
 */
final class Broker implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    static final RequiredService RABBITMQ = RequiredService.of("RabbitMQ at " + HOST + ":" + PORT
            + " (user guest)", "start it (apt-get install rabbitmq-server; service rabbitmq-server start)",
            () -> {
                try (Connection c = factory().newConnection("weft test probe")) {
                    c.getServerProperties();
                }
            });
    /** How long a test waits for something the broker or the connector does by itself. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final Connection connection;
    private final Channel channel;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    Broker() throws IOException, TimeoutException {
        connection = factory().newConnection("weft test admin");
        channel = connection.createChannel();
    }

    static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    /** The broker as a system: its config and the guest credential. */
    static TestSystem system(String id) {
        return system(id, new Credential.Basic("guest", "guest"));
    }

    static TestSystem system(String id, Credential credential) {
        return TestSystem.named(id)
                .withConfig(JsonNodeFactory.instance.objectNode().put("host", HOST).put("port", PORT))
                .withCredential(credential);
    }

    static String unique(String what) {
        return "weft-it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A durable queue with a unique name, deleted on close. */
    String queue(String what, Map<String, Object> arguments) throws IOException {
        String name = unique(what);
        channel.queueDeclare(name, true, false, false, arguments);
        queues.add(name);
        return name;
    }

    /** Remembers a queue the connector declared, to delete it on close. */
    void deleteOnClose(String queue) {
        queues.add(queue);
    }

    /** A fanout exchange and a queue bound to it that keeps whatever it receives. */
    String[] deadLetters(String what) throws IOException {
        String exchange = unique(what + "-dlx");
        channel.exchangeDeclare(exchange, "fanout", false, false, null);
        exchanges.add(exchange);
        String queue = queue(what + "-dlq", null);
        channel.queueBind(queue, exchange, "");
        return new String[]{exchange, queue};
    }

    void publish(String queue, AMQP.BasicProperties properties, byte[] body) throws IOException {
        channel.basicPublish("", queue, properties, body);
    }

    /** Messages ready for delivery: neither acknowledged nor in a consumer's hands. */
    int ready(String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /** Takes the next ready message, or null. */
    GetResponse take(String queue) throws IOException {
        return channel.basicGet(queue, true);
    }

    /** Takes the next message, waiting for one up to {@link #WAIT}; fails when none comes. */
    GetResponse await(String queue) throws IOException, InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            GetResponse r = take(queue);
            if (r != null) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no message arrived in queue " + queue + " within " + WAIT);
    }

    @Override
    public void close() throws IOException, TimeoutException {
        try {
            for (String q : queues) {
                channel.queueDelete(q);
            }
            for (String e : exchanges) {
                channel.exchangeDelete(e);
            }
        } finally {
            connection.close();
        }
    }
}
