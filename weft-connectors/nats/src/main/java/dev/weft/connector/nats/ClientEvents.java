package dev.weft.connector.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;

/**
 * Sends the NATS client's connection events and asynchronous errors to the system's logger instead of the
 * client's own java.util.logging output. The server's error texts ("Authorization Violation") hold no
 * credential. Thread-safe.
 */
final class ClientEvents implements ErrorListener, ConnectionListener {
    private final Logger log;
    private final String connectionName;

    ClientEvents(Logger log, String connectionName) {
        this.log = log;
        this.connectionName = connectionName;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        log.warn("NATS server reported an error on connection '{}': {}", connectionName, error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        log.debug("NATS connection '{}' had an error: {}", connectionName, exp.toString());
    }

    @Override
    public void connectionEvent(Connection conn, Events type, Long time, String uriDetails) {
        switch (type) {
            case DISCONNECTED -> log.warn("NATS connection '{}' was lost; reconnecting", connectionName);
            case RECONNECTED ->
                log.info("NATS connection '{}' reconnected to {}", connectionName, uriDetails);
            default -> log.debug("NATS connection '{}': {}", connectionName, type);
        }
    }

    /** Abstract in the interface, but the client calls the method above instead. */
    @Deprecated
    @Override
    public void connectionEvent(Connection conn, Events type) {
        switch (type) {
            case DISCONNECTED -> log.warn("NATS connection '{}' was lost; reconnecting", connectionName);
            case RECONNECTED -> log.info("NATS connection '{}' reconnected", connectionName);
            default -> log.debug("NATS connection '{}': {}", connectionName, type);
        }
    }
}
