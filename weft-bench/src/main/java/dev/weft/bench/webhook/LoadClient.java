package dev.weft.bench.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load generator's HTTP/1.1 client: Jetty's, with one keep-alive connection per concurrent worker.
 * Chosen over the JDK's {@code java.net.http.HttpClient}, which cost about three times the CPU per
 * request here (its chain of futures and thread hand-offs per exchange), CPU taken from the server on
 * the same two cores. Thread-safe.
 */
final class LoadClient implements AutoCloseable {
    /** What came back: the status, the {@code Weft-Execution-Id} header (or null) and the body. */
    record Answer(int status, String executionId, byte[] body) {
    }

    private final HttpClient jetty;
    private final URI target;
    private final Duration timeout;

    LoadClient(URI target, int maxConnections, Duration timeout) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("load-client");
        this.jetty = new HttpClient();
        jetty.setExecutor(threads);
        jetty.setMaxConnectionsPerDestination(maxConnections);
        jetty.setMaxRequestsQueuedPerDestination(maxConnections * 2);
        jetty.setConnectTimeout(5_000);
        jetty.setFollowRedirects(false);
        jetty.setUserAgentField(null);
        this.target = target;
        this.timeout = timeout;
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client did not start: " + e, e);
        }
        // Answers are checked as they come: a 401 is an error to count, not an authentication challenge.
        jetty.getProtocolHandlers().clear();
        jetty.getContentDecoderFactories().clear(); // no Accept-Encoding: the deliveries a sender makes
    }

    Answer post(Orders.Delivery delivery) throws Exception {
        ContentResponse r = jetty.POST(target)
                .headers(h -> delivery.headers().forEach(h::put))
                .body(new BytesRequestContent("application/json", delivery.body()))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .send();
        return new Answer(r.getStatus(), r.getHeaders().get("Weft-Execution-Id"), r.getContent());
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client did not stop: " + e, e);
        }
    }
}
