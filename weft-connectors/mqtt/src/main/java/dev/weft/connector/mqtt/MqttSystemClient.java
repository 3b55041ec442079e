package dev.weft.connector.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The {@code mqtt} connector's client for one system: a clean-session connection for publishing
 * ({@link Publisher}), opened on the first call, and a persistent-session connection per running trigger
 * ({@link TopicSubscription}). The broker's address comes from the system's config and is connected to
 * directly: broker connections do not go through the platform's egress rules, which are for HTTP targets
 * (decided for now). Thread-safe.
 */
final class MqttSystemClient implements SystemClient {
    private final SystemContext context;
    private final BrokerConfig broker;
    private final Optional<Credential.Basic> credential;
    private final String user;
    private final Publisher publisher;
    private final Publish publish;
    private final Set<TopicSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    MqttSystemClient(SystemContext context) throws ConnectorException {
        this.context = context;
        this.broker = BrokerConfig.from(context.config());
        context.egress().checkHost("mqtt", broker.host());
        this.credential = basic(context);
        this.user = credential.map(Credential.Basic::username).orElse(null);
        this.publisher = new Publisher(broker, broker.options(credential, true), user);
        this.publish = new Publish(publisher);
    }

    private static Optional<Credential.Basic> basic(SystemContext context) throws ConnectorException {
        Credential credential = context.credential().orElse(null);
        if (credential == null) {
            return Optional.empty();
        }
        if (credential instanceof Credential.Basic b) {
            return Optional.of(b);
        }
        throw ConnectorException.permanent("mqtt.credential", "system " + context.systemId()
                + "'s credential is of type " + credential.type().wireName() + ": the mqtt connector takes a"
                + " basic credential (the broker user's username and password) or none", null, null);
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        if (call.operation().equals(Publish.NAME)) {
            return publish.invoke(call);
        }
        throw ConnectorException.permanent("mqtt.operation", "the mqtt connector has no operation '"
                + call.operation() + "'; it has " + Publish.NAME, null, null);
    }

    /** Connects a client of its own (a clean session with a random id), then disconnects. */
    @Override
    public ConnectionTest test() {
        String as = user == null ? "anonymously" : "as " + user;
        MqttClient client = null;
        try {
            MqttConnectOptions options = broker.options(credential, true);
            client = new MqttClient(broker.uri(), broker.clientIdPrefix() + "-test-" + UUID.randomUUID()
                    .toString().substring(0, 8), new MemoryPersistence());
            client.connect(options);
            client.disconnect();
            return ConnectionTest.ok("connected to the MQTT broker at " + broker.uri() + " " + as);
        } catch (MqttException e) {
            return ConnectionTest.failed(Failures.of(e, "connecting", broker.uri(), user).getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException ignored) {
                    // nothing more to release
                }
            }
        }
    }

    @Override
    public Subscription subscribe(String trigger, JsonNode config, EventSink sink) throws ConnectorException {
        if (!trigger.equals(SubscribeConfig.NAME)) {
            throw ConnectorException.permanent("trigger.unsupported",
                    "the mqtt connector has no push trigger '"
                            + trigger + "'; it has " + SubscribeConfig.NAME,
                    null, null);
        }
        SubscribeConfig subscribe = SubscribeConfig.from(config);
        if (closed) {
            throw ConnectorException.retryable("mqtt.closed", "the client of system " + context.systemId()
                    + " is closed", null, null);
        }
        TopicSubscription subscription = TopicSubscription.start(broker, broker.options(credential, false),
                subscribe.sessionClientId(broker.clientIdPrefix(), context.systemId()), subscribe, sink,
                context.logger(), user, subscriptions::remove);
        subscriptions.add(subscription);
        if (closed) {
            // closed while it was starting: close() may have missed it
            subscription.abort();
            throw ConnectorException.retryable("mqtt.closed", "the client of system " + context.systemId()
                    + " was closed while " + SubscribeConfig.NAME + " started", null, null);
        }
        return subscription;
    }

    /**
     * Closes the publishing connection and aborts running triggers without waiting: messages in hand are
     * left unacknowledged and the broker sends them again (close a trigger's subscription first to let
     * them finish).
     */
    @Override
    public void close() {
        closed = true;
        for (TopicSubscription s : subscriptions) {
            s.abort();
        }
        publisher.close();
    }
}
