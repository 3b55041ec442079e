package dev.weft.connector;

/**
 * A kind of external system: its declaration, and a way to open a client for one configured system of
 * it. Implementations are discovered with {@link java.util.ServiceLoader}; annotate them with
 * {@code @AutoService(Connector.class)} so that the service file is generated. They must be thread-safe
 * and cheap to create: discovering a connector must not connect to anything.
 */
public interface Connector {

    /** The declaration; the same value on every call. */
    ConnectorSpec spec();

    /**
     * Opens a client for one system: a connection pool, a broker connection, an HTTP client. The
     * system's configuration has been checked against {@link ConnectorSpec#configSchema()} already; what
     * the schema cannot say (a URL that does not parse, a missing host) is a {@link ConnectorException}
     * whose message names the field. Opening should not wait for the system to answer: a system that is
     * down is reported by {@link SystemClient#test()} and by the calls themselves.
     */
    SystemClient open(SystemContext context) throws ConnectorException;

    /**
     * Whether each system of this connector may offer operations of its own besides the declared ones
     * ({@link SystemClient#ownOperation(String)}): the {@code openapi} connector's systems offer one per
     * {@code operationId} of their document. Flows may then name {@code <id>.<anything>}; the system it calls
     * says whether it has that operation.
     */
    default boolean systemOperations() {
        return false;
    }

    /** {@code <id>.*}: how the operation names of a connector with {@link #systemOperations()} are listed. */
    static String systemOperationsPattern(String connectorId) {
        return connectorId + ".*";
    }
}
