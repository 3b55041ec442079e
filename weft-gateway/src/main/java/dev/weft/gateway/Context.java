package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Blobs;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.Egress;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemContext;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.transport.JettyTransport;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway gives a connector for one system: its configuration and credential, the egress rules,
 * and an HTTP transport started on first use ({@link JettyTransport}) and stopped by {@link #close}.
 * Thread-safe.
 */
final class Context implements SystemContext, AutoCloseable {
    private final SystemRecord record;
    private final Credential credential;
    private final OutboundAuth auth;
    private final Egress egress;
    private final Blobs blobs;
    private final Clock clock;
    private final Logger logger;
    private final Secrets secrets;
    private final NestedCalls nested;
    private JettyTransport http;
    private boolean closed;

    /**
     * @param auth the credential's auth, shared by every client of the system (one token cache, one
     *     refresh, however many endpoints)
     * @param blobs the tenant's blob store
     * @param secrets what the system's calls carry, redacted from what they bring back ({@link BoundClient})
     * @param nested the tenant's call path, for {@link #callSystem}
     */
    Context(SystemRecord record, Credential credential, OutboundAuth auth, Egress egress, Blobs blobs,
            Clock clock, Secrets secrets, NestedCalls nested) {
        this.secrets = secrets;
        this.nested = nested;
        this.record = record;
        this.credential = credential;
        this.auth = auth;
        this.egress = egress;
        this.blobs = blobs;
        this.clock = clock;
        this.logger = LoggerFactory.getLogger("weft.system." + record.id());
    }

    @Override
    public String systemId() {
        return record.id();
    }

    @Override
    public JsonNode config() {
        return record.config();
    }

    @Override
    public Optional<Credential> credential() {
        return Optional.ofNullable(credential);
    }

    @Override
    public OutboundAuth auth() {
        return auth;
    }

    @Override
    public Egress egress() {
        return egress;
    }

    /**
     * The system's HTTP transport, started on the first call.
     *
     * @throws ConnectorException {@code http.client} (retryable) when it does not start
     * @throws IllegalStateException when the system's client was closed
     */
    @Override
    public synchronized HttpTransport http() throws ConnectorException {
        if (closed) {
            throw new IllegalStateException("the client of system '" + record.id() + "' was closed");
        }
        if (http == null) {
            http = JettyTransport.start(record.id(), egress, auth);
        }
        return http;
    }

    /** Stops the HTTP transport, if one was started. */
    @Override
    public synchronized void close() {
        closed = true;
        if (http != null) {
            http.close();
            http = null;
        }
    }

    @Override
    public JsonNode callSystem(String systemId, Call call) throws ConnectorException {
        return nested.call(record.id(), systemId, call);
    }

    Secrets secrets() {
        return secrets;
    }

    @Override
    public Blobs blobs() {
        return blobs;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Logger logger() {
        return logger;
    }
}
