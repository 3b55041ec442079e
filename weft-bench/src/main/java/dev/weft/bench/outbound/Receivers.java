package dev.weft.bench.outbound;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.HdrHistogram.Recorder;

/**
 * The benchmark's receivers: one Jetty server whose path {@code /e/N} is endpoint N. Endpoints below
 * {@code failing} answer 500; the next {@code slow} answer 200 after {@code slowMillis} (without holding a
 * thread); the rest answer 200 at once. The first request of each (message, endpoint) records its latency
 * from the event's commit. Thread-safe.
 */
final class Receivers implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    final LongAdder requests = new LongAdder();
    final LongAdder firstAttempts = new LongAdder();
    final Recorder latency = new Recorder(3);
    private final java.util.Set<Long> seen = ConcurrentHashMap.newKeySet();

    private Receivers(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * @param committedAt the nanoTime at which the event of a message id ({@code msg_N}) was committed, or 0
     */
    static Receivers start(int failing, int slow, long slowMillis, ToLongFunction<String> committedAt)
            throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("receivers");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        Receivers receivers = new Receivers(server, connector);
        server.setHandler(
                new Handler.Abstract(org.eclipse.jetty.util.thread.Invocable.InvocationType.BLOCKING) {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback)
                            throws IOException {
                        long now = System.nanoTime();
                        String path = Request.getPathInContext(request);
                        int endpoint = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                        String id = request.getHeaders().get("webhook-id");
                        receivers.requests.increment();
                        if (id != null && id.startsWith("msg_")
                                && receivers.seen.add(Long.parseLong(id.substring(4)) * 1024 + endpoint)) {
                            receivers.firstAttempts.increment();
                            long committed = committedAt.applyAsLong(id);
                            if (committed > 0) {
                                receivers.latency.recordValue(Math.max(0, now - committed) / 1000); // µs
                            }
                        }
                        Content.Source.consumeAll(request);
                        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                        if (endpoint < failing) {
                            response.setStatus(500);
                            callback.succeeded();
                        } else if (endpoint < failing + slow) {
                            response.setStatus(200);
                            later.schedule(callback::succeeded, slowMillis, TimeUnit.MILLISECONDS);
                        } else {
                            response.setStatus(200);
                            callback.succeeded();
                        }
                        return true;
                    }
                });
        server.start();
        return receivers;
    }

    String url(int endpoint) {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/e/" + endpoint;
    }

    /** Forgets which messages were seen (between runs). */
    void reset() {
        seen.clear();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the receivers did not stop: " + e, e);
        }
    }
}
