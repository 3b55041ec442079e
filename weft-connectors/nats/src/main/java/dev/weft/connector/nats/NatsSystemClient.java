package dev.weft.connector.nats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Options;
import io.nats.client.api.AccountStatistics;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code nats} connector's client for one system: one NATS connection ({@link ServerLink}), opened on
 * the first call and reconnected by the client library after it is lost, shared by the operations and the
 * running triggers. The servers' addresses come from the system's config; their hosts are checked against
 * the platform's egress rules when the client opens. Thread-safe.
 */
final class NatsSystemClient implements SystemClient {
    private final SystemContext context;
    private final ServerConfig servers;
    private final Credential credential;
    private final ServerLink link;
    private final Publish publish;
    private final EnsureStream ensureStream;
    private final Set<DurableSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    NatsSystemClient(SystemContext context) throws ConnectorException {
        this.context = context;
        this.servers = ServerConfig.from(context.config());
        for (String server : servers.servers()) {
            context.egress().checkHost("nats", java.net.URI.create(server).getHost());
        }
        this.credential = context.credential().orElse(null);
        this.link = new ServerLink(options("weft " + context.systemId()), servers.where());
        this.publish = new Publish(link);
        this.ensureStream = new EnsureStream(link);
    }

    private Options options(String connectionName) throws ConnectorException {
        return servers.options(credential, connectionName, context.logger());
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        return switch (call.operation()) {
            case Publish.NAME -> publish.invoke(call);
            case EnsureStream.NAME -> ensureStream.invoke(call);
            default -> throw ConnectorException.permanent("nats.operation", "the nats connector has no"
                    + " operation '" + call.operation() + "'; it has " + Publish.NAME + " and "
                    + EnsureStream.NAME, null, null);
        };
    }

    /** Opens a connection of its own (the handshake checks the credential) and asks for JetStream's account. */
    @Override
    public ConnectionTest test() {
        String as = switch (credential) {
            case Credential.Basic b -> " as " + b.username();
            case Credential.Secret s -> " with a token";
            case null, default -> " without a credential";
        };
        Connection connection;
        try {
            connection = ServerLink.connect(options("weft " + context.systemId() + " test"), servers.where());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
        try {
            String server = "NATS " + connection.getServerInfo().getVersion() + " at " + connection
                    .getConnectedUrl() + as;
            try {
                AccountStatistics account = connection.jetStreamManagement().getAccountStatistics();
                return ConnectionTest.ok("connected to " + server + "; JetStream has " + account.getStreams()
                        + " streams for this account");
            } catch (IOException | JetStreamApiException e) {
                return ConnectionTest.failed("connected to " + server + ", but JetStream did not answer ("
                        + Failures.unwrap(e).getMessage() + "): enable JetStream on the server and for this"
                        + " account");
            }
        } finally {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Subscription subscribe(String trigger, JsonNode config, EventSink sink) throws ConnectorException {
        if (!trigger.equals(ConsumeConfig.NAME)) {
            throw ConnectorException.permanent("trigger.unsupported", "the nats connector has no push trigger"
                    + " '" + trigger + "'; it has " + ConsumeConfig.NAME, null, null);
        }
        ConsumeConfig consume = ConsumeConfig.from(config);
        DurableSubscription subscription = DurableSubscription.start(link, consume, sink, context.logger(),
                subscriptions::remove);
        subscriptions.add(subscription);
        if (closed) {
            // closed while it was starting: close() may have missed it
            subscription.abort();
            throw ConnectorException.retryable("nats.closed", "the client of system " + context.systemId()
                    + " was closed while " + ConsumeConfig.NAME + " started", null, null);
        }
        return subscription;
    }

    /**
     * Aborts running triggers without waiting (the message in hand is not acknowledged, so the server
     * delivers it again; close a trigger's subscription first to let it finish) and closes the connection.
     */
    @Override
    public void close() {
        closed = true;
        for (DurableSubscription s : subscriptions) {
            s.abort();
        }
        link.close();
    }
}
