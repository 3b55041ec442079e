package dev.weft.connector.sap;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.gateway.transport.JettyTransport;
import java.net.URI;

/**
 * The platform's transport with one host name mapped to the replay server, as a hosts file would map it: the
 * system is configured with the vendor's own URL (https://s4.example.com), so the absolute links
 * SAP answers (__next, Location) are the documented ones and lie under the system's root,
 * while the exchanges go to the local replay. Thread-safe.
 */
final class HostMapping implements HttpTransport, AutoCloseable {
    private final JettyTransport transport;
    private final String from;
    private final String to;

    HostMapping(JettyTransport transport, String from, String to) {
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
        transport.close();
    }
}
