package dev.weft.testkit.replay;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import java.net.URI;

/**
 * A transport with one origin mapped to a replay server, as a hosts file would map it: the system is
 * configured with the vendor's own URL (such as https://s4.example.com), so the absolute links the vendor
 * answers (OData's next links, {@code Location}) are the documented ones and lie under the system's root,
 * while the exchanges go to the local replay. Closing it closes the transport it wraps. Thread-safe.
 */
public final class HostMapping implements HttpTransport, AutoCloseable {
    private final HttpTransport transport;
    private final String from;
    private final String to;

    /**
     * @param from the origin the system is configured with, such as {@code https://s4.example.com}
     * @param to where its requests go instead: the replay server's base URL
     */
    public HostMapping(HttpTransport transport, String from, String to) {
        this.transport = transport;
        this.from = from;
        this.to = to;
    }

    @Override
    public Response send(Request request) throws ConnectorException {
        String uri = request.uri().toString();
        if (uri.startsWith(from)) {
            request = new Request(request.method(), URI.create(to + uri.substring(from.length())),
                    request.headers(), request.body(), request.timeout(), request.cancellation(),
                    request.trace(),
                    request.idempotencyKey(), request.maxBytes(), request.streamResponse(),
                    request.authorized());
        }
        return transport.send(request);
    }

    @Override
    public void close() {
        if (transport instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("the wrapped transport did not close: " + e, e);
            }
        }
    }
}
