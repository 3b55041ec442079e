package dev.weft.gateway;

import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.OperationSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The connectors this process has: found once with {@link ServiceLoader} on the class path (the only place
 * that discovers classes), then handed to the {@link Gateway} and to whatever checks flows against their
 * declarations. The server and the command line both use it; loading connectors from a plugins folder will
 * extend it. Immutable and thread-safe.
 */
public final class ConnectorRegistry {
    private final List<Connector> connectors;
    private final Map<String, OperationSpec> operations;

    private ConnectorRegistry(List<Connector> connectors) {
        Map<String, Connector> byId = new TreeMap<>();
        Map<String, OperationSpec> ops = new TreeMap<>();
        for (Connector c : connectors) {
            ConnectorSpec spec = c.spec();
            Connector previous = byId.putIfAbsent(spec.id(), c);
            if (previous != null) {
                throw new IllegalArgumentException("two connectors have the id '" + spec.id() + "': "
                        + previous.getClass().getName() + " and " + c.getClass().getName()
                        + "; remove one of their jars from the class path");
            }
            spec.operations().forEach(op -> ops.put(op.name(), op));
        }
        this.connectors = List.copyOf(byId.values());
        this.operations = Collections.unmodifiableMap(ops);
    }

    /** Every connector on the class path. */
    public static ConnectorRegistry discover() {
        List<Connector> found = new ArrayList<>();
        ServiceLoader.load(Connector.class).forEach(found::add);
        return new ConnectorRegistry(found);
    }

    /** Exactly {@code connectors} (tests, benchmarks, embedding applications). */
    public static ConnectorRegistry of(List<Connector> connectors) {
        return new ConnectorRegistry(connectors);
    }

    /** The connectors, by id. */
    public List<Connector> connectors() {
        return connectors;
    }

    /** Their declarations, by id. */
    public List<ConnectorSpec> specs() {
        return connectors.stream().map(Connector::spec).toList();
    }

    /** Every declared operation, by name. */
    public Map<String, OperationSpec> operations() {
        return operations;
    }

    /**
     * Every declared operation's name, sorted, and {@code <id>.*} for each connector whose systems offer
     * operations of their own ({@link Connector#systemOperations()}): what flows are checked against.
     */
    public Set<String> operationNames() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(operations.keySet());
        connectors.stream().filter(Connector::systemOperations)
                .forEach(c -> names.add(Connector.systemOperationsPattern(c.spec().id())));
        return java.util.Collections.unmodifiableSet(names);
    }
}
