package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.connector.Authorization;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.TraceContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;

/**
 * The {@code http} connector's client for one system: its own Jetty HTTP/1.1 client (keep-alive
 * connections), whose resolver puts every address to the egress rules ({@link GuardedResolver}). Response
 * header names are lower case and a header sent several times is one string, its values joined with
 * {@code ", "} (RFC 9110 5.3). The body is parsed JSON when the response says {@code application/json} or
 * {@code +json}, else text. Redirects are not followed: a 3xx is a permanent error, so that every address
 * called is one the step named. {@code http.request} is here; the other operations and the polling trigger
 * live in their own classes and send through {@link #exchange}. Thread-safe.
 */
final class HttpSystemClient implements SystemClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_ERROR_BODY_CHARS = 4096;
    private static final long TIMEOUT_GUARD_MILLIS = 1_000;
    /** No limit on a response's size beyond what a Java array holds. */
    static final int UNBOUNDED = Integer.MAX_VALUE - 8;
    private static final Inputs REQUEST = Inputs.ofOperation("http.request");
    private static final Set<String> REQUEST_FIELDS = Set.of("method", "url", "path", "headers", "query",
            "body", "form", "multipart", "timeout", BlobTransfer.BODY_BLOB, BlobTransfer.RESPONSE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final SystemContext context;
    private final URI baseUrl;
    private final HttpClient client;
    private final BlobTransfer blobs;

    HttpSystemClient(SystemContext context, URI baseUrl) throws ConnectorException {
        this.context = context;
        this.baseUrl = baseUrl;
        this.client = start(context);
        this.blobs = new BlobTransfer(context, this, client.getByteBufferPool());
    }

    private static HttpClient start(SystemContext context) throws ConnectorException {
        // The selector on a platform thread; Jetty runs its blocking tasks (a response listener that may block)
        // on virtual threads. Measured (docs/BENCHMARKS.md): this halved the gateway's added p99.
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("weft-http-" + context.systemId());
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("weft-http-" + context.systemId() + "-", 0).factory()));
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        var scheduler = new ScheduledExecutorScheduler("weft-http-" + context.systemId() + "-scheduler",
                true);
        client.setScheduler(scheduler);
        // Jetty's own resolver (names resolved on the client's threads), each answer put to the egress rules.
        client.setSocketAddressResolver(new GuardedResolver(
                new org.eclipse.jetty.util.SocketAddressResolver.Async(threads, scheduler,
                        client.getAddressResolutionTimeout()),
                context.egress()));
        client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        client.setFollowRedirects(false);
        // Many executions may call one host at once: queue rather than refuse beyond the connections.
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(1 << 16);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Weft"));
        try {
            client.start();
        } catch (Exception e) {
            throw ConnectorException.retryable("http.client", "the HTTP client did not start: " + e, null, e);
        }
        // No authentication, redirect or 100-continue handling (start() installs them): a 401 or a 3xx is
        // the step's result, as the server sent it (a 401 with a renewable credential is tried once more).
        client.getProtocolHandlers().clear();
        // Responses are returned as sent: no Accept-Encoding added, nothing decompressed (also installed
        // by start()).
        client.getContentDecoderFactories().clear();
        return client;
    }

    /**
     * A HEAD request to the base URL: any answer means the system is reachable (the status is reported);
     * a 401 or 403 means the credential was refused.
     */
    @Override
    public ConnectionTest test() {
        if (baseUrl == null) {
            return ConnectionTest.failed("this system has no baseUrl, so there is no endpoint to test;"
                    + " give config.baseUrl, or call absolute URLs without a system");
        }
        String target = "HEAD " + RequestInput.withoutQuery(baseUrl);
        try {
            context.egress().checkUri(baseUrl);
            Authorization authorization = context.auth().authorize("HEAD", baseUrl, new byte[0]);
            Request request = client.newRequest(baseUrl).method("HEAD").timeout(10, TimeUnit.SECONDS);
            authorization.query().forEach(request::param);
            authorization.headers()
                    .forEach((name, value) -> request.headers(fields -> fields.put(name, value)));
            int status = request.send().getStatus();
            if (status == 401 || status == 403) {
                return ConnectionTest.failed(target + " answered " + status
                        + ": the server refused the credential (check the system's credential)");
            }
            return ConnectionTest.ok(target + " answered " + status);
        } catch (IOException refused) {
            return ConnectionTest.failed(refused.getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionTest.failed(target + " was interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            IOException refusal = refusal(cause);
            return ConnectionTest
                    .failed(refusal != null ? refusal.getMessage() : target + " failed: " + cause);
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            context.logger().warn("the HTTP client of system {} did not stop cleanly", context.systemId(), e);
        }
    }

    /** GET, HEAD, OPTIONS, PUT and DELETE requests are idempotent (RFC 9110 9.2.2): the gateway may retry them. */
    @Override
    public boolean repeatable(Call call) {
        return IDEMPOTENT_METHODS.contains(requestMethod(call));
    }

    /**
     * GET and HEAD requests only read (RFC 9110 9.2.1, 9.3.1): a system with a response cache may answer
     * them from it. A request whose response goes to the blob store is not cached (the blob is the
     * result).
     */
    @Override
    public boolean cacheable(Call call) {
        String m = requestMethod(call);
        return (m.equals("GET") || m.equals("HEAD")) && !BlobTransfer.involved(call.input());
    }

    /** The origin of the call's absolute {@code url} ({@code https://host:443}), or null. */
    @Override
    public String destination(Call call) {
        JsonNode url = call.input().get("url");
        if (url == null || !url.isTextual()) {
            return null;
        }
        try {
            URI uri = new URI(url.textValue());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException invalid) {
            return null; // the call fails on its input, with the field named
        }
    }

    /** The method of an {@code http.request} call, upper case; empty for another operation. */
    private static String requestMethod(Call call) {
        if (!call.operation().equals(Schemas.REQUEST.name())) {
            return "";
        }
        JsonNode method = call.input().get("method");
        return method == null || !method.isTextual()
                ? "GET"
                : method.textValue().toUpperCase(Locale.ROOT);
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        return switch (call.operation()) {
            case "http.request" -> request(call);
            case Pagination.NAME -> Pagination.run(this, call);
            case GraphQl.QUERY, GraphQl.MUTATION -> GraphQl.run(this, call);
            default -> throw ConnectorException.permanent("http.operation",
                    "the http connector has no operation '" + call.operation() + "'", null, null);
        };
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(PollTrigger.NAME)) {
            return SystemClient.super.poll(request);
        }
        return PollTrigger.poll(this, request);
    }

    private JsonNode request(Call call) throws ConnectorException {
        REQUEST.requireObject(call.input(), REQUEST_FIELDS);
        RequestInput input = RequestInput.parse(REQUEST, call.input(), baseUrl);
        if (BlobTransfer.involved(call.input())) {
            checkEgress(input);
            return blobs.exchange(input, call, input.within(call.timeout()), input.target());
        }
        ContentResponse response = exchange(input, call.idempotencyKey(), call.trace(), call.cancellation(),
                input.within(call.timeout()), UNBOUNDED);
        return output(input.target(), response);
    }

    /** The system's base URL, or null. */
    URI baseUrl() {
        return baseUrl;
    }

    Clock clock() {
        return context.clock();
    }

    Logger logger() {
        return context.logger();
    }

    /**
     * Sends one request after the egress check, authorized with the system's credential (once more after
     * a 401 that renewed it), and returns the response whatever its status.
     *
     * @param idempotencyKey sent as {@code Idempotency-Key} on requests other than GET and HEAD that have
     *     none; null for none
     * @param trace sent as the {@code traceparent} header unless the request has one; null for none
     * @param maxBytes the most response body bytes to buffer; more fail the call ({@code http.too_large})
     */
    ContentResponse exchange(RequestInput input, String idempotencyKey, TraceContext trace,
            Cancellation cancellation, Duration timeout, int maxBytes) throws ConnectorException {
        String target = input.target();
        checkEgress(input);
        byte[] body = input.body().bytes();
        Authorization authorization = context.auth().authorize(input.method(), input.uri(), body);
        ContentResponse response = send(request(input, idempotencyKey, trace, timeout, authorization), target,
                timeout, cancellation, maxBytes);
        if (response.getStatus() == 401 && authorization != Authorization.NONE
                && context.auth().renew(authorization)) {
            // One more try with the renewed credential (an OAuth 2.0 token the target no longer accepts).
            authorization = context.auth().authorize(input.method(), input.uri(), body);
            response = send(request(input, idempotencyKey, trace, timeout, authorization), target, timeout,
                    cancellation, maxBytes);
        }
        return response;
    }

    ContentResponse send(Request request, String target, Duration timeout, Cancellation cancellation,
            int maxBytes) throws ConnectorException {
        cancellation.onCancel(() -> request.abort(new java.util.concurrent.CancellationException(
                cancellation.reason())));
        try {
            // Buffered by the client as it arrives, handed over once: cheaper than a blocking stream.
            // The request's own timeout ends it; the wait here only guards against a lost completion.
            return new CompletableResponseListener(request, maxBytes).send()
                    .get(timeout.toMillis() + TIMEOUT_GUARD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw timedOut(target, timeout, e);
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException || cause.getCause() instanceof TimeoutException) {
                throw timedOut(target, timeout, cause);
            }
            if (refusal(cause) != null) {
                throw refused(refusal(cause));
            }
            if (cause instanceof IllegalArgumentException && maxBytes < UNBOUNDED) {
                // what the buffering listener aborts with when the body outgrows maxBytes
                throw ConnectorException.permanent("http.too_large", target + " answered with more than "
                        + maxBytes + " bytes, the most this operation reads", null, null);
            }
            throw ConnectorException.retryable("http.io", target + " failed: " + cause, null, cause);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("http.interrupted", target + " was interrupted", null, e);
        }
    }

    static JsonNode output(String target, ContentResponse response) throws ConnectorException {
        byte[] bytes = response.getContent();
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("status", response.getStatus());
        output.set("headers", headers(response.getHeaders()));
        output.set("body", body(response.getHeaders(), bytes));
        int status = response.getStatus();
        if (status / 100 != 2) {
            throw statusError(target, status, output.get("body"));
        }
        return output;
    }

    static ConnectorException timedOut(String target, Duration timeout, Throwable cause) {
        return ConnectorException.retryable("http.timeout", target + " timed out after "
                + timeout.toMillis() + " ms", null, cause);
    }

    /** The request's URL against the egress rules, before anything is sent. */
    private void checkEgress(RequestInput input) throws ConnectorException {
        try {
            context.egress().checkUri(input.uri());
        } catch (IOException refused) {
            throw refused(refused);
        }
    }

    /** A refusal by the egress rules is the step's permanent error: trying again cannot help. */
    private static ConnectorException refused(IOException refusal) {
        return ConnectorException.permanent("egress.refused", refusal.getMessage(), null, null);
    }

    /** The egress refusal that failed a request, or null (Jetty wraps what the resolver failed with). */
    private static IOException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GuardedResolver.Refused r) {
                return r;
            }
        }
        return null;
    }

    Request request(RequestInput input, String idempotencyKey, TraceContext trace, Duration timeout,
            Authorization authorization) {
        Request request = client.newRequest(input.uri()).method(input.method())
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        authorization.query().forEach(request::param);
        input.headers().forEach((name, value) -> request.headers(fields -> fields.add(name, value)));
        authorization.headers().forEach((name, value) -> request.headers(fields -> fields.put(name, value)));
        if (trace != null && input.header("traceparent") == null) {
            request.headers(fields -> fields.add("traceparent", trace.traceparent()));
        }
        boolean safe = input.method().equals("GET") || input.method().equals("HEAD");
        if (!safe && idempotencyKey != null && input.header("Idempotency-Key") == null) {
            request.headers(fields -> fields.add("Idempotency-Key", idempotencyKey));
        }
        if (!input.body().present()) {
            return request;
        }
        // Jetty sends the content's type when the flow set no Content-Type header.
        return request.body(new BytesRequestContent(input.body().contentType(), input.body().bytes()));
    }

    static ObjectNode headers(HttpFields fields) {
        Map<String, String> sorted = new TreeMap<>();
        for (HttpField f : fields) {
            sorted.merge(f.getName().toLowerCase(Locale.ROOT), f.getValue(), (a, b) -> a + ", " + b);
        }
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        sorted.forEach(headers::put);
        return headers;
    }

    static JsonNode body(HttpFields headers, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        String contentType = headers.get(HttpHeader.CONTENT_TYPE);
        contentType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String mediaType = contentType.split(";", 2)[0].strip();
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            try {
                return JSON.readTree(bytes);
            } catch (IOException notJson) {
                // a server that labels text as JSON: give the text rather than fail the step
            }
        }
        return TextNode.valueOf(new String(bytes, charset(contentType)));
    }

    private static Charset charset(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring("charset=".length()).replace("\"", ""));
                } catch (RuntimeException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static ConnectorException statusError(String target, int status, JsonNode body) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("status", status);
        String text = body.isTextual() ? body.textValue() : body.isNull() ? "" : body.toString();
        details.put("body",
                text.length() > MAX_ERROR_BODY_CHARS
                        ? text.substring(0, MAX_ERROR_BODY_CHARS) + "…"
                        : text);
        String message = target + " returned status " + status;
        boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
        if (status / 100 == 3) {
            message += " (redirects are not followed)";
        }
        return retryable
                ? ConnectorException.retryable("http.status", message, details, null)
                : ConnectorException.permanent("http.status", message, details, null);
    }
}
