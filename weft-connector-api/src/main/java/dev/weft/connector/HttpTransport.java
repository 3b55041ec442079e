package dev.weft.connector;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The platform's HTTP client for one system ({@link SystemContext#http()}): every request it sends passes
 * the egress rules (the URL before anything is sent, every resolved address at connect time), is
 * authorized with the system's credential (and sent once more after a 401 that renewed it), carries the
 * call's W3C {@code traceparent}, and is bounded by a timeout and a response size. Redirects are not
 * followed: a 3xx is the response. A connector that speaks HTTP sends through this and opens no socket of
 * its own. Implemented by the platform; thread-safe.
 */
public interface HttpTransport {

    /**
     * The URL without its user info, query string and fragment: safe for messages and logs (a query or
     * user info may hold a secret).
     */
    static String withoutSecrets(URI uri) {
        String s = uri.getRawUserInfo() == null
                ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", "");
        int cut = s.indexOf('?');
        int hash = s.indexOf('#');
        if (cut < 0 || hash >= 0 && hash < cut) {
            cut = hash;
        }
        return cut < 0 ? s : s.substring(0, cut);
    }

    /**
     * Sends {@code request} and returns the response whatever its status.
     *
     * @throws ConnectorException {@code egress.refused} (permanent) when the egress rules refused the URL or
     *     an address; {@code http.timeout}, {@code http.io}, {@code http.cancelled} and
     *     {@code http.interrupted} (retryable) when the exchange failed; {@code http.too_large} (permanent)
     *     when a buffered body is larger than {@link Request#maxBytes()}
     */
    Response send(Request request) throws ConnectorException;

    /** A request body: bytes held in memory, or a stream opened for each send (a blob). */
    sealed interface Body {
        /** The body's media type, sent as {@code Content-Type} unless the request has one. */
        String contentType();

        /** Bytes held in memory; an HMAC signature covers them. */
        record Bytes(byte[] bytes, String contentType) implements Body {
            public Bytes {
                Objects.requireNonNull(bytes, "bytes");
                Objects.requireNonNull(contentType, "contentType");
            }
        }

        /**
         * {@code length} bytes read from a stream as they are sent, never held whole; opened again for a
         * second send (after a renewed credential). An HMAC signature cannot cover it.
         */
        record Streamed(Source source, long length, String contentType) implements Body {
            public Streamed {
                Objects.requireNonNull(source, "source");
                Objects.requireNonNull(contentType, "contentType");
            }
        }

        /**
         * Opens the bytes of a streamed body. An {@link IOException} whose cause is a
         * {@link ConnectorException} fails the send with that exception (a blob store's own error).
         */
        @FunctionalInterface
        interface Source {
            InputStream open() throws IOException;
        }
    }

    /**
     * One request. Built with {@link #to}; immutable.
     *
     * @param headers in order; a name may repeat
     * @param maxBytes the most response body bytes {@link Response#body()} buffers (ignored with
     *     {@code streamResponse})
     * @param streamResponse the response body is read through {@link Response#stream()} instead of buffered
     * @param authorized whether the system's credential signs the request
     */
    record Request(String method, URI uri, List<Map.Entry<String, String>> headers, Body body,
            Duration timeout, Cancellation cancellation, TraceContext trace, String idempotencyKey,
            long maxBytes, boolean streamResponse, boolean authorized) {

        /** No limit on a buffered response beyond what a Java array holds. */
        public static final long UNBOUNDED = Integer.MAX_VALUE - 8;

        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(cancellation, "cancellation");
            headers = List.copyOf(headers);
            if (maxBytes < 0 || maxBytes > UNBOUNDED) {
                throw new IllegalArgumentException("maxBytes must be from 0 to " + UNBOUNDED + ", but was "
                        + maxBytes);
            }
        }

        /**
         * A request with no headers and no body, a 30 s timeout, no trace, no idempotency key, an unbounded
         * buffered response, and the system's credential.
         */
        public static Request to(String method, URI uri) {
            return new Request(method.toUpperCase(Locale.ROOT), uri, List.of(), null, Duration.ofSeconds(30),
                    new Cancellation(), null, null, UNBOUNDED, false, true);
        }

        /** The first value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        public Request withHeader(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name, value));
            return new Request(method, uri, more, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, streamResponse, authorized);
        }

        public Request withBody(Body body) {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, streamResponse, authorized);
        }

        /** Ends the exchange when {@code timeout} has passed, the response's body included. */
        public Request withTimeout(Duration timeout) {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, streamResponse, authorized);
        }

        /** Aborts the exchange when {@code cancellation} is set. */
        public Request withCancellation(Cancellation cancellation) {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, streamResponse, authorized);
        }

        /** Sends {@code trace} as the {@code traceparent} header unless the request has one; null for none. */
        public Request withTrace(TraceContext trace) {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, streamResponse, authorized);
        }

        /**
         * Sends {@code key} as the {@code Idempotency-Key} header on a request other than GET and HEAD that
         * has none; null for none.
         */
        public Request withIdempotencyKey(String key) {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, key, maxBytes,
                    streamResponse, authorized);
        }

        /** Buffers at most {@code maxBytes} of the response body; more fail with {@code http.too_large}. */
        public Request withMaxBytes(long maxBytes) {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, streamResponse, authorized);
        }

        /** The response body is read through {@link Response#stream()}, not buffered. */
        public Request streamed() {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, true, authorized);
        }

        /** Sent without the system's credential (a public URL, a token endpoint with its own). */
        public Request unauthorized() {
            return new Request(method, uri, headers, body, timeout, cancellation, trace, idempotencyKey,
                    maxBytes, streamResponse, false);
        }
    }

    /**
     * A response: its status and headers, and its body, buffered or streamed as the request asked. Closing
     * it releases a streamed body that was not read to its end (the connection is not reused then). Not
     * thread-safe.
     */
    interface Response extends AutoCloseable {
        int status();

        /** Every header, names lower case, in the order received; a name may repeat. */
        List<Map.Entry<String, String>> headers();

        /** The values of header {@code name} (case-insensitive) joined with {@code ", "}, or null. */
        default String header(String name) {
            String joined = null;
            for (Map.Entry<String, String> h : headers()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    joined = joined == null ? h.getValue() : joined + ", " + h.getValue();
                }
            }
            return joined;
        }

        /**
         * The whole body of a buffered response (empty when there was none).
         *
         * @throws IllegalStateException for a streamed response
         */
        byte[] body();

        /**
         * The body of a streamed response, read as it arrives; reading fails with an {@link IOException}
         * when the exchange does (its timeout included).
         *
         * @throws IllegalStateException for a buffered response
         */
        InputStream stream();

        @Override
        void close();
    }
}
