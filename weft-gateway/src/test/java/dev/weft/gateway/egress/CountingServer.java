package dev.weft.gateway.egress;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty server on a loopback address that counts the requests it receives: {@code /go?to=URL} answers
 * 302 to URL, anything else 200 "ok". Thread-safe.
 */
final class CountingServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger requests = new AtomicInteger();

    private CountingServer(String host) {
        server = new Server();
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                String query = request.getHttpURI().getQuery();
                if (request.getHttpURI().getPath().equals("/go") && query != null
                        && query.startsWith("to=")) {
                    response.setStatus(302);
                    response.getHeaders().put(HttpHeader.LOCATION,
                            URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8));
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                    response.write(true, ByteBuffer.allocate(0), callback);
                    return true;
                }
                ByteBuffer ok = ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8));
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, ok.remaining());
                response.write(true, ok, callback);
                return true;
            }
        });
    }

    /** Listens on {@code host} (a loopback address) at a free port. */
    static CountingServer start(String host) throws Exception {
        CountingServer counting = new CountingServer(host);
        try {
            counting.server.start();
        } catch (Exception e) {
            counting.server.stop();
            throw e;
        }
        return counting;
    }

    int port() {
        return connector.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not stop: " + e, e);
        }
    }
}
