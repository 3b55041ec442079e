package dev.weft.connector.nats;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import io.nats.client.AuthenticationException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns what the NATS client throws into {@link ConnectorException}s with dotted codes: retryable when the
 * servers were unreachable or did not answer in time, permanent when the server refused the request (no
 * stream for a subject, a stream that exists with other settings, a refused credential). Messages hold the
 * server's error text, which never contains a credential, and what to fix.
 */
final class Failures {
    /** JetStream's API error codes (the server's {@code err_code}) that the messages below explain. */
    static final int STREAM_NOT_FOUND = 10059;
    static final int CONSUMER_NOT_FOUND = 10014;
    static final int STREAM_NAME_IN_USE = 10058;

    private Failures() {
    }

    /**
     * @param doing what was being done, for the message: {@code publishing to subject 'orders.created'}
     * @param where {@link ServerConfig#where()}
     */
    static ConnectorException of(Throwable failure, String doing, String where) {
        Throwable cause = unwrap(failure);
        if (cause instanceof JetStreamApiException api) {
            return refused(api, doing, where);
        }
        String text = String.valueOf(cause.getMessage());
        String lower = text.toLowerCase(Locale.ROOT);
        if (cause instanceof AuthenticationException || lower.contains("authorization violation")
                || lower.contains("authentication")) {
            return ConnectorException.permanent("nats.auth", "the NATS server at " + where + " refused the"
                    + " credential (" + text + "): check the system's credential (user and password, or"
                    + " token)", null, null);
        }
        if (cause instanceof JetStreamStatusException || lower.contains("no responders")) {
            return ConnectorException.permanent("nats.no_stream", doing + " at " + where + ": no JetStream"
                    + " stream answered (" + text + "): create a stream whose subjects match (for example"
                    + " with nats.ensure_stream), or check that JetStream is enabled on the server", null,
                    null);
        }
        if (cause instanceof TimeoutException || lower.contains("timeout") || lower.contains("timed out")) {
            return ConnectorException.retryable("nats.timeout", doing + " at " + where + " timed out: the"
                    + " server did not answer in time", null, null);
        }
        if (cause instanceof SSLException) {
            return ConnectorException.permanent("nats.tls", "the TLS handshake with " + where + " failed ("
                    + text + "): check config.tls and the server's certificate", null, null);
        }
        if (lower.contains("unable to connect")) {
            return ConnectorException.retryable("nats.unreachable", "cannot connect to " + where + " ("
                    + text + "): check config.servers, and that the NATS server is running", null, null);
        }
        if (cause instanceof IOException || cause instanceof IllegalStateException) {
            // IllegalStateException: the connection is closed or reconnecting
            return ConnectorException.retryable("nats.io", doing + " at " + where + " failed: " + text, null,
                    null);
        }
        if (cause instanceof IllegalArgumentException) {
            return ConnectorException.permanent("nats.input", doing + ": " + text, null, null);
        }
        return ConnectorException.retryable("nats.failed", doing + " at " + where + " failed: " + cause,
                null, null);
    }

    private static ConnectorException refused(JetStreamApiException api, String doing, String where) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("status", api.getErrorCode());
        details.put("apiErrorCode", api.getApiErrorCode());
        String said = doing + " at " + where + ": the server answered " + api.getErrorDescription();
        return switch (api.getApiErrorCode()) {
            case STREAM_NOT_FOUND -> ConnectorException.permanent("nats.stream_not_found", said
                    + " (create the stream first, or fix its name)", details, null);
            case CONSUMER_NOT_FOUND -> ConnectorException.permanent("nats.consumer_not_found", said, details,
                    null);
            case STREAM_NAME_IN_USE -> ConnectorException.permanent("nats.stream_mismatch", said
                    + " (it exists with other settings: use the same ones, or another name)", details, null);
            default -> api.getErrorCode() >= 500
                    ? ConnectorException.retryable("nats.jetstream", said, details, null)
                    : ConnectorException.permanent("nats.jetstream", said, details, null);
        };
    }

    /** The failure inside the wrappers futures and the client put around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || (t instanceof RuntimeException && t.getClass() == RuntimeException.class))
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
