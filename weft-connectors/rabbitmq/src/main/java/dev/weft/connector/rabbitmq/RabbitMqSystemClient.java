package dev.weft.connector.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The {@code rabbitmq} connector's client for one system: one connection for operations with a pool of
 * confirm-mode channels ({@link ChannelPool}), opened on the first call, and a connection per running
 * trigger ({@link QueueSubscription}). Connections are recovered automatically after they are lost. The
 * broker's address comes from the system's config; its host is checked against the platform's egress
 * rules when the client opens. Thread-safe.
 */
final class RabbitMqSystemClient implements SystemClient {
    private final SystemContext context;
    private final BrokerConfig broker;
    private final String user;
    private final ConnectionFactory factory;
    private final ChannelPool channels;
    private final Publish publish;
    private final DeclareQueue declareQueue;
    private final Set<QueueSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    RabbitMqSystemClient(SystemContext context) throws ConnectorException {
        this.context = context;
        this.broker = BrokerConfig.from(context.config());
        context.egress().checkHost("rabbitmq", broker.host());
        Credential.Basic credential = basic(context);
        this.user = credential.username();
        this.factory = broker.factory(credential);
        this.channels = new ChannelPool(factory, connectionName("operations"), broker.where(), user);
        this.publish = new Publish(channels, context.clock());
        this.declareQueue = new DeclareQueue(channels);
    }

    private static Credential.Basic basic(SystemContext context) throws ConnectorException {
        Credential credential = context.credential().orElse(null);
        if (credential instanceof Credential.Basic b) {
            return b;
        }
        throw ConnectorException.permanent("rabbitmq.credential", "system " + context.systemId()
                + (credential == null
                        ? " has no credential"
                        : "'s credential is of type " + credential.type().wireName())
                + ": the rabbitmq connector needs a basic credential (a RabbitMQ user's username and"
                + " password)", null, null);
    }

    private String connectionName(String purpose) {
        return "weft " + context.systemId() + " " + purpose;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        return switch (call.operation()) {
            case Publish.NAME -> publish.invoke(call);
            case DeclareQueue.NAME -> declareQueue.invoke(call);
            default -> throw ConnectorException.permanent("rabbitmq.operation", "the rabbitmq connector has"
                    + " no operation '" + call.operation() + "'; it has " + Publish.NAME + " and "
                    + DeclareQueue.NAME, null, null);
        };
    }

    /** Opens a connection of its own (a full AMQP handshake with the credential) and closes it again. */
    @Override
    public ConnectionTest test() {
        try (Connection connection = factory.newConnection(connectionName("connection test"))) {
            var server = connection.getServerProperties();
            return ConnectionTest.ok("connected to " + server.getOrDefault("product", "an AMQP broker") + " "
                    + server.getOrDefault("version", "") + " at " + broker.where() + " as " + user);
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            return ConnectionTest.failed(Failures.of(e, "connecting", broker.where(), user).getMessage());
        }
    }

    @Override
    public Subscription subscribe(String trigger, JsonNode config, EventSink sink) throws ConnectorException {
        if (!trigger.equals(ConsumeConfig.NAME)) {
            throw ConnectorException.permanent("trigger.unsupported", "the rabbitmq connector has no push"
                    + " trigger '" + trigger + "'; it has " + ConsumeConfig.NAME, null, null);
        }
        ConsumeConfig consume = ConsumeConfig.from(config);
        if (closed) {
            throw ConnectorException.retryable("rabbitmq.closed", "the client of system " + context.systemId()
                    + " is closed", null, null);
        }
        QueueSubscription subscription = QueueSubscription.start(factory,
                connectionName("consume " + consume.queue()), consume, sink, context.logger(), broker.where(),
                user, subscriptions::remove);
        subscriptions.add(subscription);
        if (closed) {
            // closed while it was starting: close() may have missed it
            subscription.abort();
            throw ConnectorException.retryable("rabbitmq.closed", "the client of system " + context.systemId()
                    + " was closed while " + ConsumeConfig.NAME + " started", null, null);
        }
        return subscription;
    }

    /**
     * Closes the operations' connection and aborts running triggers without waiting: messages in hand are
     * left unacknowledged, and the broker delivers them again (close a trigger's subscription first to let
     * them finish).
     */
    @Override
    public void close() {
        closed = true;
        for (QueueSubscription s : subscriptions) {
            s.abort();
        }
        channels.close();
    }
}
