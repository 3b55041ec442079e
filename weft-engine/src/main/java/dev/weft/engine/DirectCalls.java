package dev.weft.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Blobs;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.Egress;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls connectors directly, without systems: each connector gets one client, opened on first use with
 * an empty configuration and no credential, under the given egress rules. What a call step without a
 * {@code system} needs, and all that {@code weft run} and the engine's tests need; the server routes
 * calls through the gateway instead. Thread-safe; {@link #close()} closes the clients.
 */
public final class DirectCalls implements CallRouter, AutoCloseable {
    private final Map<String, Connector> byOperation = new LinkedHashMap<>();
    private final Map<String, OperationSpec> operations = new LinkedHashMap<>();
    private final Map<String, SystemClient> clients = new ConcurrentHashMap<>();
    private final Egress egress;
    private final Blobs blobs;
    private final Clock clock;

    private DirectCalls(List<Connector> connectors, Egress egress, Blobs blobs, Clock clock) {
        this.egress = egress;
        this.blobs = blobs;
        this.clock = clock;
        for (Connector c : connectors) {
            for (OperationSpec op : c.spec().operations()) {
                Connector previous = byOperation.putIfAbsent(op.name(), c);
                if (previous != null && previous != c) {
                    throw new IllegalArgumentException(
                            "operation '" + op.name() + "' is declared by two connectors: "
                                    + previous.getClass().getName() + " and " + c.getClass().getName());
                }
                operations.put(op.name(), op);
            }
        }
    }

    /**
     * @param egress the rules every connection must pass; {@link #REFUSE_ALL} when the embedding
     *     application has none (nothing leaves the process)
     */
    public static DirectCalls of(List<Connector> connectors, Egress egress, Clock clock) {
        return of(connectors, egress, NO_BLOBS, clock);
    }

    /**
     * @param blobs the blob store connectors put large values in; {@link #NO_BLOBS} when the embedding
     *     application has none
     */
    public static DirectCalls of(List<Connector> connectors, Egress egress, Blobs blobs, Clock clock) {
        return new DirectCalls(List.copyOf(connectors), egress, blobs, clock);
    }

    /** Refuses to store or read blobs: the blob store of an engine built without one. */
    public static final Blobs NO_BLOBS = new Blobs() {
        @Override
        public BlobRef put(java.io.InputStream content, String contentType) throws ConnectorException {
            throw none();
        }

        @Override
        public java.io.InputStream open(BlobRef ref) throws ConnectorException {
            throw none();
        }

        private static ConnectorException none() {
            return ConnectorException.permanent("blob.unavailable", "this engine was built without a blob"
                    + " store, so no value can be stored out of line (build it with Engine.Builder.blobs or"
                    + " the server)", null, null);
        }
    };

    /** Refuses every connection: the egress of an engine built without rules. */
    public static final Egress REFUSE_ALL = new Egress() {
        @Override
        public void checkUri(java.net.URI uri) throws java.io.IOException {
            throw refused(uri.getHost());
        }

        @Override
        public void checkAddress(String host, java.net.InetAddress address) throws java.io.IOException {
            throw refused(host);
        }

        private static java.io.IOException refused(String host) {
            return new java.io.IOException("refused to connect to " + host
                    + ": this engine was built without egress rules, so no call leaves the process"
                    + " (build it with DirectCalls.of(connectors, egress, blobs, clock) or the gateway)");
        }
    };

    @Override
    public OperationSpec operation(String name) {
        return operations.get(name);
    }

    @Override
    public Set<String> operationNames() {
        return Collections.unmodifiableSet(new TreeSet<>(operations.keySet()));
    }

    @Override
    public String problem(String system, String operation) {
        if (!operations.containsKey(operation)) {
            return "unknown operation '" + operation + "'; known operations: "
                    + String.join(", ", operationNames());
        }
        if (system != null) {
            return "step names system '" + system + "', but this engine has no systems (they come with the"
                    + " server's gateway)";
        }
        return null;
    }

    @Override
    public JsonNode call(String system, Call call) throws ConnectorException {
        String problem = problem(system, call.operation());
        if (problem != null) {
            throw ConnectorException.permanent("operation.unknown", problem, null, null);
        }
        Connector connector = byOperation.get(call.operation());
        return client(connector).invoke(call);
    }

    private SystemClient client(Connector connector) throws ConnectorException {
        String id = connector.spec().id();
        SystemClient existing = clients.get(id);
        if (existing != null) {
            return existing;
        }
        synchronized (clients) {
            existing = clients.get(id);
            if (existing == null) {
                existing = connector.open(new Context(id, egress, blobs, clock));
                clients.put(id, existing);
            }
            return existing;
        }
    }

    @Override
    public void close() {
        for (SystemClient c : clients.values()) {
            c.close();
        }
        clients.clear();
    }

    private record Context(String systemId, Egress egress, Blobs blobs,
            Clock clock) implements SystemContext {
        @Override
        public JsonNode config() {
            return JsonNodeFactory.instance.objectNode();
        }

        @Override
        public Optional<Credential> credential() {
            return Optional.empty();
        }

        @Override
        public OutboundAuth auth() {
            return OutboundAuth.NONE;
        }

        @Override
        public Logger logger() {
            return LoggerFactory.getLogger("weft.connector." + systemId);
        }
    }
}
