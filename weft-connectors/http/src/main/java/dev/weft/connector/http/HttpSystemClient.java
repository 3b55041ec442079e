package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
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
import org.slf4j.Logger;

/**
 * The {@code http} connector's client for one system: it sends through the platform's HTTP transport
 * ({@link SystemContext#http()}), which puts every URL and every resolved address to the egress rules,
 * authorizes with the system's credential, and bounds time and size. Response header names are lower case
 * and a header sent several times is one string, its values joined with {@code ", "} (RFC 9110 5.3). The
 * body is parsed JSON when the response says {@code application/json} or {@code +json}, else text.
 * Redirects are not followed: a 3xx is a permanent error, so that every address called is one the step
 * named. {@code http.request} is here; the other operations and the polling trigger live in their own
 * classes and send through {@link #exchange}. Thread-safe.
 */
final class HttpSystemClient implements SystemClient {
    static final int MAX_ERROR_BODY_CHARS = 4096;
    /** No limit on a response's size beyond what a Java array holds. */
    static final int UNBOUNDED = (int) HttpTransport.Request.UNBOUNDED;
    private static final Inputs REQUEST = Inputs.ofOperation("http.request");
    private static final Set<String> REQUEST_FIELDS = Set.of("method", "url", "path", "headers", "query",
            "body", "form", "multipart", "timeout", BlobTransfer.BODY_BLOB, BlobTransfer.RESPONSE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final SystemContext context;
    private final URI baseUrl;
    private final HttpTransport http;
    private final BlobTransfer blobs;

    HttpSystemClient(SystemContext context, URI baseUrl) throws ConnectorException {
        this.context = context;
        this.baseUrl = baseUrl;
        this.http = context.http();
        this.blobs = new BlobTransfer(context, this);
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
        try (HttpTransport.Response response = http.send(HttpTransport.Request.to("HEAD", baseUrl)
                .withTimeout(Duration.ofSeconds(10)))) {
            int status = response.status();
            if (status == 401 || status == 403) {
                return ConnectionTest.failed(target + " answered " + status
                        + ": the server refused the credential (check the system's credential)");
            }
            return ConnectionTest.ok(target + " answered " + status);
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    /** The platform closes the transport; this client holds nothing else. */
    @Override
    public void close() {
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
            return blobs.exchange(input, call, input.within(call.timeout()), input.target());
        }
        try (HttpTransport.Response response = exchange(input, call.idempotencyKey(), call.trace(),
                call.cancellation(), input.within(call.timeout()), UNBOUNDED)) {
            return output(input.target(), response);
        }
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
     * Sends one request through the platform's transport (the egress rules, the system's credential, once
     * more after a 401 that renewed it) and returns the buffered response whatever its status.
     *
     * @param idempotencyKey sent as {@code Idempotency-Key} on requests other than GET and HEAD that have
     *     none; null for none
     * @param trace sent as the {@code traceparent} header unless the request has one; null for none
     * @param maxBytes the most response body bytes to buffer; more fail the call ({@code http.too_large})
     */
    HttpTransport.Response exchange(RequestInput input, String idempotencyKey, TraceContext trace,
            Cancellation cancellation, Duration timeout, int maxBytes) throws ConnectorException {
        return http.send(request(input, idempotencyKey, trace, timeout, cancellation).withMaxBytes(maxBytes));
    }

    /** The transport's request for {@code input}, its body in memory (when it has one). */
    static HttpTransport.Request request(RequestInput input, String idempotencyKey, TraceContext trace,
            Duration timeout, Cancellation cancellation) {
        HttpTransport.Request request = HttpTransport.Request.to(input.method(), input.uri())
                .withTimeout(timeout).withCancellation(cancellation).withTrace(trace)
                .withIdempotencyKey(idempotencyKey);
        for (Map.Entry<String, String> h : input.headers().entrySet()) {
            request = request.withHeader(h.getKey(), h.getValue());
        }
        return input.body().present()
                ? request.withBody(
                        new HttpTransport.Body.Bytes(input.body().bytes(), input.body().contentType()))
                : request;
    }

    HttpTransport transport() {
        return http;
    }

    static JsonNode output(String target, HttpTransport.Response response) throws ConnectorException {
        byte[] bytes = response.body();
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("status", response.status());
        output.set("headers", headers(response));
        output.set("body", body(response, bytes));
        int status = response.status();
        if (status / 100 != 2) {
            throw statusError(target, status, output.get("body"), response::header);
        }
        return output;
    }

    static ObjectNode headers(HttpTransport.Response response) {
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> h : response.headers()) {
            sorted.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
        }
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        sorted.forEach(headers::put);
        return headers;
    }

    static JsonNode body(HttpTransport.Response response, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        String contentType = response.header("Content-Type");
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

    /**
     * The error of a non-2xx answer: retryable for 408, 425, 429 and 5xx, else permanent. A refusal by the
     * vendor's rate limit (a 429, or its rate-limit headers at zero: {@code RateLimitHeaders}) is marked
     * {@code rateLimited}, so the gateway's breaker does not count it, and its {@code Retry-After} or reset
     * time becomes {@code retryAfterSeconds}, which the gateway's and the engine's retries wait for.
     *
     * @param header a response header by name, or null when absent
     */
    static ConnectorException statusError(String target, int status, JsonNode body,
            java.util.function.Function<String, String> header) {
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
        dev.weft.connector.kit.RateLimitHeaders.Reading limit = dev.weft.connector.kit.RateLimitHeaders
                .read(status, header, java.time.Instant.now());
        if (limit.exhausted()) {
            return ConnectorException.rateLimited("http.status", message + " (its rate limit"
                    + limit.retryAfter().map(d -> "; it asks to wait " + d.toSeconds() + " s").orElse("")
                    + ")",
                    limit.retryAfter().orElse(null), details);
        }
        if (retryable && limit.retryAfter().isPresent()) {
            details.put(ConnectorException.RETRY_AFTER_SECONDS, limit.retryAfter().get().toSeconds());
        }
        return retryable
                ? ConnectorException.retryable("http.status", message, details, null)
                : ConnectorException.permanent("http.status", message, details, null);
    }
}
