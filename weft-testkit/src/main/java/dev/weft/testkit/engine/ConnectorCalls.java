package dev.weft.testkit.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.engine.CallRouter;
import dev.weft.testkit.connector.TestSystem;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link CallRouter} of engine tests: calls real in-process connectors, each through one client opened
 * on first use with the {@link TestSystem} the test chose (by default {@link TestSystem#named}: loopback
 * egress, blobs in a temporary directory). It has no systems, policies or credentials; those are the
 * gateway's, which the server and {@code weft run} use. Not a mock: the connectors run for real.
 * Thread-safe; {@link #close()} closes the clients.
 */
public final class ConnectorCalls implements CallRouter, AutoCloseable {
    private final Map<String, Connector> byOperation = new TreeMap<>();
    private final Map<String, OperationSpec> operations = new TreeMap<>();
    private final Map<String, SystemClient> clients = new ConcurrentHashMap<>();
    private final TestSystem context;

    private ConnectorCalls(List<Connector> connectors, TestSystem context) {
        this.context = context;
        for (Connector c : connectors) {
            for (OperationSpec op : c.spec().operations()) {
                if (byOperation.putIfAbsent(op.name(), c) != null) {
                    throw new IllegalArgumentException("operation '" + op.name() + "' is declared by two"
                            + " connectors: " + byOperation.get(op.name()).getClass().getName() + " and "
                            + c.getClass().getName());
                }
                operations.put(op.name(), op);
            }
        }
    }

    /** Calls {@code connectors}, each opened on {@link TestSystem#named} its connector id. */
    public static ConnectorCalls of(Connector... connectors) {
        return new ConnectorCalls(List.of(connectors), null);
    }

    /** Calls {@code connectors}, each opened on {@code context}. */
    public static ConnectorCalls of(List<Connector> connectors, TestSystem context) {
        return new ConnectorCalls(List.copyOf(connectors), java.util.Objects.requireNonNull(context,
                "context"));
    }

    @Override
    public OperationSpec operation(String name) {
        return operations.get(name);
    }

    @Override
    public Set<String> operationNames() {
        return Collections.unmodifiableSet(new TreeSet<>(operations.keySet()));
    }

    @Override
    public String problem(String tenant, String system, String operation) {
        if (!operations.containsKey(operation)) {
            return "unknown operation '" + operation + "'; known operations: "
                    + String.join(", ", operations.keySet());
        }
        String connector = byOperation.get(operation).spec().id();
        if (system != null && !system.equals(connector)) {
            return "step names system '" + system + "', but engine tests have one system per connector, named"
                    + " as the connector ('" + connector + "')";
        }
        return null;
    }

    @Override
    public JsonNode call(String tenant, String system, Call call) throws ConnectorException {
        String problem = problem(tenant, system, call.operation());
        if (problem != null) {
            throw ConnectorException.permanent("operation.unknown", problem, null, null);
        }
        return client(byOperation.get(call.operation())).invoke(call);
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
                existing = connector.open(context != null ? context : TestSystem.named(id));
                clients.put(id, existing);
            }
            return existing;
        }
    }

    @Override
    public void close() {
        clients.values().forEach(SystemClient::close);
        clients.clear();
    }
}
