package dev.weft.gateway.transport;

import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Egress;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.OutboundAuth;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressRefusedException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The platform's {@link HttpTransport} for one system, on its own Jetty HTTP/1.1 client (keep-alive
 * connections): the egress rules on every request's URL and on every address it resolves to
 * ({@link EgressGuard#install(Egress, HttpClient)}, the gateway's one {@code GuardedResolver}), the system's
 * {@link OutboundAuth} (once more after a 401 that renewed it), the call's {@code traceparent} and
 * {@code Idempotency-Key}, a timeout over the whole exchange, and a limit on a buffered body. No redirect
 * is followed, nothing is decompressed, no {@code Accept-Encoding} is added: the response is what the
 * server sent. Thread-safe; {@link #close} stops the client.
 */
public final class JettyTransport implements HttpTransport, AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long past a request's own timeout the wait for its completion lasts (a lost completion). */
    private static final long TIMEOUT_GUARD_MILLIS = 1_000;

    private final String systemId;
    private final Egress egress;
    private final OutboundAuth auth;
    private final HttpClient client;

    private JettyTransport(String systemId, Egress egress, OutboundAuth auth, HttpClient client) {
        this.systemId = systemId;
        this.egress = egress;
        this.auth = auth;
        this.client = client;
    }

    /**
     * Starts the transport of system {@code systemId}: requests pass {@code egress} and are authorized by
     * {@code auth}.
     *
     * @throws ConnectorException {@code http.client} when the client does not start
     */
    public static JettyTransport start(String systemId, Egress egress, OutboundAuth auth)
            throws ConnectorException {
        // The selector on a platform thread; Jetty runs its blocking tasks (a response listener that may
        // block) on virtual threads. Measured (docs/BENCHMARKS.md): this halved the gateway's added p99.
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("weft-http-" + systemId);
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("weft-http-" + systemId + "-", 0).factory()));
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("weft-http-" + systemId + "-scheduler", true));
        EgressGuard.install(egress, client);
        client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        client.setFollowRedirects(false);
        // Many executions may call one host at once: queue rather than refuse beyond the connections.
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(1 << 16);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Weft"));
        // No cookie jar: a cookie a target sets is the connector's to keep or not (SAP's CSRF session), never
        // the client's to send again on later calls of any execution of the system.
        client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
        try {
            client.start();
        } catch (Exception e) {
            throw ConnectorException.retryable("http.client", "the HTTP client of system " + systemId
                    + " did not start: " + e, null, e);
        }
        // No authentication, redirect or 100-continue handling (start() installs them): a 401 or a 3xx is
        // the response, as the server sent it (a 401 with a renewable credential is tried once more).
        client.getProtocolHandlers().clear();
        // Responses are returned as sent: no Accept-Encoding added, nothing decompressed.
        client.getContentDecoderFactories().clear();
        return new JettyTransport(systemId, egress, auth, client);
    }

    @Override
    public HttpTransport.Response send(HttpTransport.Request request) throws ConnectorException {
        String target = target(request);
        try {
            egress.checkUri(request.uri());
        } catch (IOException refused) {
            throw refused(refused);
        }
        byte[] signed = request.body() instanceof Body.Bytes b ? b.bytes() : new byte[0];
        Authorization authorization = request.authorized()
                ? auth.authorize(request.method(), request.uri(), signed)
                : Authorization.NONE;
        HttpTransport.Response response = once(request, target, authorization);
        if (response.status() == 401 && authorization != Authorization.NONE && auth.renew(authorization)) {
            // One more try with the renewed credential (an OAuth 2.0 token the target no longer accepts).
            response.close();
            authorization = auth.authorize(request.method(), request.uri(), signed);
            response = once(request, target, authorization);
        }
        return response;
    }

    private HttpTransport.Response once(HttpTransport.Request r, String target, Authorization authorization)
            throws ConnectorException {
        org.eclipse.jetty.client.Request request = jettyRequest(r, authorization);
        r.cancellation().onCancel(() -> request.abort(new CancellationException(r.cancellation().reason())));
        Duration timeout = r.timeout();
        try {
            if (r.streamResponse()) {
                InputStreamResponseListener listener = new InputStreamResponseListener();
                request.send(listener);
                org.eclipse.jetty.client.Response response = listener.get(
                        timeout.toMillis() + TIMEOUT_GUARD_MILLIS,
                        TimeUnit.MILLISECONDS);
                return Responses.streamed(request, response, listener.getInputStream());
            }
            // Buffered by the client as it arrives, handed over once: cheaper than a blocking stream. The
            // request's own timeout ends it; the wait here only guards against a lost completion.
            ContentResponse response = new CompletableResponseListener(request, (int) r.maxBytes()).send()
                    .get(timeout.toMillis() + TIMEOUT_GUARD_MILLIS, TimeUnit.MILLISECONDS);
            return Responses.buffered(response);
        } catch (TimeoutException e) {
            request.abort(e);
            throw timedOut(target, timeout, e);
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw failure(target, timeout, r.maxBytes(), cause);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("http.interrupted", target + " was interrupted", null, e);
        }
    }

    private org.eclipse.jetty.client.Request jettyRequest(HttpTransport.Request r,
            Authorization authorization)
            throws ConnectorException {
        org.eclipse.jetty.client.Request request = client.newRequest(r.uri()).method(r.method())
                .timeout(r.timeout().toMillis(), TimeUnit.MILLISECONDS);
        authorization.query().forEach(request::param);
        if (r.header("User-Agent") != null) {
            // The request's own User-Agent (a browser's) replaces the client's default rather than joining it.
            request.headers(fields -> fields.remove(HttpHeader.USER_AGENT));
        }
        r.headers().forEach(h -> request.headers(fields -> fields.add(h.getKey(), h.getValue())));
        authorization.headers().forEach((name, value) -> request.headers(fields -> fields.put(name, value)));
        if (r.trace() != null && r.header("traceparent") == null) {
            request.headers(fields -> fields.add("traceparent", r.trace().traceparent()));
        }
        boolean safe = r.method().equals("GET") || r.method().equals("HEAD");
        if (!safe && r.idempotencyKey() != null && r.header("Idempotency-Key") == null) {
            request.headers(fields -> fields.add("Idempotency-Key", r.idempotencyKey()));
        }
        String type = r.header("Content-Type");
        switch (r.body()) {
            case null -> {
            }
            // Jetty sends the content's type when the request has no Content-Type header.
            case Body.Bytes b -> request.body(new BytesRequestContent(type != null ? type : b.contentType(),
                    b.bytes()));
            case Body.Streamed s -> {
                try {
                    request.body(Responses.sized(type != null ? type : s.contentType(), s.source().open(),
                            s.length(), client.getByteBufferPool()));
                } catch (IOException e) {
                    if (e.getCause() instanceof ConnectorException reported) {
                        throw reported; // the source's own error (a blob store's), as it said it
                    }
                    throw ConnectorException.retryable("http.body", "the body of " + target(r)
                            + " could not be read: " + e.getMessage(), null, e);
                }
            }
        }
        return request;
    }

    /** What failed an exchange, as the connector's error. */
    static ConnectorException failure(String target, Duration timeout, long maxBytes, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EgressRefusedException refused) {
                return refused(refused);
            }
            if (t instanceof TimeoutException) {
                return timedOut(target, timeout, failure);
            }
            if (t instanceof CancellationException) {
                return ConnectorException.retryable("http.cancelled", target + " was cancelled: "
                        + t.getMessage(), null, failure);
            }
        }
        if (failure instanceof IllegalArgumentException && maxBytes < HttpTransport.Request.UNBOUNDED) {
            // what the buffering listener aborts with when the body outgrows maxBytes
            return ConnectorException.permanent("http.too_large", target + " answered with more than "
                    + maxBytes + " bytes, the most this operation reads", null, null);
        }
        return ConnectorException.retryable("http.io", target + " failed: " + failure, null, failure);
    }

    static ConnectorException timedOut(String target, Duration timeout, Throwable cause) {
        return ConnectorException.retryable("http.timeout", target + " timed out after " + timeout.toMillis()
                + " ms", null, cause);
    }

    /** A refusal by the egress rules is permanent: trying again cannot help. */
    private static ConnectorException refused(IOException refusal) {
        return ConnectorException.permanent("egress.refused", refusal.getMessage(), null, null);
    }

    /** {@code GET https://host/path}: the method and the URL without its user info, query or fragment. */
    static String target(HttpTransport.Request r) {
        return r.method() + " " + HttpTransport.withoutSecrets(r.uri());
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(JettyTransport.class)
                    .warn("the HTTP client of system {} did not stop cleanly", systemId, e);
        }
    }

    @Override
    public String toString() {
        return "JettyTransport[" + systemId + "]";
    }
}
