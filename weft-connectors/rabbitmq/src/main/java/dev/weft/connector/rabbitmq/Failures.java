package dev.weft.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import dev.weft.connector.ConnectorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns what the AMQP client throws into {@link ConnectorException}s with dotted codes: retryable when
 * the broker was unreachable, timed out or closed the connection, permanent when it refused the request
 * (no such exchange or queue, access refused, a queue declared with other arguments). Messages hold the
 * broker's reply text (which never contains a password) and what to fix.
 */
final class Failures {
    private Failures() {
    }

    /**
     * @param doing what was being done, for the message: {@code publishing to exchange 'orders'}
     * @param broker {@link BrokerConfig#where()}
     * @param user the credential's user name, for authentication failures
     */
    static ConnectorException of(Throwable failure, String doing, String broker, String user) {
        if (failure instanceof AuthenticationFailureException) {
            return ConnectorException.permanent("rabbitmq.auth", "authentication failed for user '" + user
                    + "' at " + broker + ": check the system's credential (username and password)", null,
                    null);
        }
        ShutdownSignalException shutdown = shutdownIn(failure);
        if (shutdown != null) {
            return closed(shutdown, doing, broker);
        }
        if (failure instanceof Publish.Nacked) {
            return ConnectorException.retryable("rabbitmq.nack", doing + " at " + broker + ": "
                    + failure.getMessage(), null, null);
        }
        if (failure instanceof TimeoutException || failure instanceof SocketTimeoutException) {
            return ConnectorException.retryable("rabbitmq.timeout", doing + " at " + broker
                    + " timed out", null, failure);
        }
        if (failure instanceof SSLException) {
            return ConnectorException.permanent("rabbitmq.tls", "the TLS handshake with " + broker
                    + " failed (" + failure.getMessage() + "): check config.tls and the broker's certificate",
                    null, null);
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
                || failure instanceof UnknownHostException) {
            return ConnectorException.retryable("rabbitmq.unreachable", "cannot connect to " + broker + " ("
                    + failure + "): check config.host and config.port, and that the broker is running", null,
                    failure);
        }
        if (failure instanceof IOException) {
            return ConnectorException.retryable("rabbitmq.io", doing + " at " + broker + " failed: "
                    + failure, null, failure);
        }
        return ConnectorException.retryable("rabbitmq.failed", doing + " at " + broker + " failed: "
                + failure, null, failure);
    }

    private static ConnectorException closed(ShutdownSignalException shutdown, String doing,
            String broker) {
        if (shutdown.isInitiatedByApplication()) {
            return ConnectorException.retryable("rabbitmq.closed", doing + " at " + broker
                    + " was stopped: the connection was closed by Weft (the call was cancelled or the"
                    + " system closed)", null, null);
        }
        Method reason = shutdown.getReason();
        int code;
        String text;
        if (reason instanceof AMQP.Channel.Close c) {
            code = c.getReplyCode();
            text = c.getReplyText();
        } else if (reason instanceof AMQP.Connection.Close c) {
            code = c.getReplyCode();
            text = c.getReplyText();
        } else {
            return ConnectorException.retryable("rabbitmq.closed", doing + " at " + broker
                    + " failed: the connection was lost (" + shutdown.getMessage() + ")", null, null);
        }
        String said = doing + " at " + broker + ": the broker answered " + text;
        return switch (code) {
            case AMQP.NOT_FOUND -> ConnectorException.permanent("rabbitmq.not_found", said
                    + " (declare it first, or fix the name)", null, null);
            case AMQP.ACCESS_REFUSED, AMQP.NOT_ALLOWED -> ConnectorException.permanent("rabbitmq.access", said
                    + " (grant the credential's user the permission on the virtual host, or fix the name)",
                    null, null);
            case AMQP.PRECONDITION_FAILED -> ConnectorException.permanent("rabbitmq.precondition", said
                    + " (it exists with other settings: use the same ones, or another name)", null, null);
            case AMQP.RESOURCE_LOCKED -> ConnectorException.retryable("rabbitmq.locked", said, null, null);
            case AMQP.CONNECTION_FORCED, AMQP.INTERNAL_ERROR, AMQP.RESOURCE_ERROR -> ConnectorException
                    .retryable("rabbitmq.closed", said, null, null);
            default -> ConnectorException.permanent("rabbitmq.refused", said, null, null);
        };
    }

    /** The broker's reason for closing a channel or the connection, when that is what failed. */
    static ShutdownSignalException shutdownIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) {
                return s;
            }
        }
        return null;
    }
}
