package dev.weft.bench.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP service the benchmark flow calls: answers every POST with
 * {@code {"stub":"ok","received":<the request body>}}, without parsing it, so that it costs next to
 * nothing. Runs as its own process ({@link #main}) so that its CPU time is measured apart from the
 * server's and the load generator's; tests start it in-process. Thread-safe.
 */
public final class StubServer implements AutoCloseable {
    private static final byte[] HEAD = "{\"stub\":\"ok\",\"received\":".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_BODY = 64 * 1024;

    private final Server server;
    private final ServerConnector connector;

    private StubServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Listens on 127.0.0.1 at {@code port} (0: a free one). */
    public static StubServer start(int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("stub");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Echo());
        server.start();
        return new StubServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the stub did not stop: " + e, e);
        }
    }

    /** {@code StubServer [port]}: prints {@code stub listening on port N} and serves until killed. */
    public static void main(String[] args) throws Exception {
        StubServer stub = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("stub listening on port " + stub.port());
        System.out.flush();
        stub.server.join();
    }

    private static final class Echo extends Handler.Abstract {
        Echo() {
            super(InvocationType.BLOCKING);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_BODY);
            }
            if (body.length == 0) {
                body = "null".getBytes(StandardCharsets.UTF_8);
            }
            ByteBuffer out = ByteBuffer.allocate(HEAD.length + body.length + 1);
            out.put(HEAD).put(body).put((byte) '}').flip();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.remaining());
            response.write(true, out, callback);
            return true;
        }
    }
}
