package dev.weft.connector.nats;

import dev.weft.connector.ConnectorException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;

/**
 * One system's NATS connection, opened on first use and shared by its operations and triggers (NATS
 * multiplexes them over one connection). Once open, the client reconnects by itself after the connection
 * is lost; calls made meanwhile fail retryably. A first connection that fails is tried again on the next
 * use. Thread-safe.
 */
final class ServerLink implements AutoCloseable {
    private final Options options;
    private final String where;
    private Connection connection;
    private boolean closed;

    ServerLink(Options options, String where) {
        this.options = options;
        this.where = where;
    }

    /** The connection, connecting first when there is none yet. */
    synchronized Connection connection() throws ConnectorException {
        if (closed) {
            throw ConnectorException.retryable("nats.closed", "the client of " + where + " is closed", null,
                    null);
        }
        if (connection == null) {
            connection = connect(options, where);
        }
        return connection;
    }

    /** Whether the connection is open and connected (not reconnecting). */
    synchronized boolean connected() {
        return !closed && connection != null && connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** Opens a connection of its own, which the caller closes. */
    static Connection connect(Options options, String where) throws ConnectorException {
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw Failures.of(e, "connecting", where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("nats.cancelled", "connecting to " + where
                    + " was interrupted", null, null);
        }
    }

    String where() {
        return where;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection = null;
        }
    }
}
