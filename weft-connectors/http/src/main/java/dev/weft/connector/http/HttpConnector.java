package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Invocation;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The {@code http} connector: one operation, {@code http.request}, that sends a request to an absolute
 * http(s) URL and returns {@code {status, headers, body}}. Response header names are lower case and a
 * header sent several times is one string, its values joined with {@code ", "} (RFC 9110 5.3). The body is
 * parsed JSON when the response says {@code application/json} or {@code +json}, else text. Redirects are
 * not followed: a 3xx is a permanent error, so that the coming SSRF guard sees every address called. All
 * instances share one HTTP/1.1 client (Jetty's, with keep-alive connections); thread-safe.
 */
@AutoService(Connector.class)
public final class HttpConnector implements Connector {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_ERROR_BODY_CHARS = 4096;
    private static final long TIMEOUT_GUARD_MILLIS = 1_000;
    /** Headers the client computes itself; a flow setting them would corrupt the request. */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "connection", "content-length",
            "transfer-encoding", "expect", "upgrade", "te", "trailer", "keep-alive", "proxy-connection");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "http";
    }

    @Override
    public List<OperationSpec> operations() {
        return List.of(Schemas.REQUEST);
    }

    @Override
    public JsonNode invoke(Invocation invocation) throws ConnectorException {
        if (!invocation.operation().equals(Schemas.REQUEST.name())) {
            throw ConnectorException.permanent("http.operation",
                    "the http connector has no operation '" + invocation.operation() + "'", null, null);
        }
        RequestInput input = RequestInput.parse(invocation.input());
        Duration timeout = invocation.timeout();
        if (input.timeout() != null && input.timeout().compareTo(timeout) < 0) {
            timeout = input.timeout();
        }
        Request request = request(input, invocation, timeout);
        String target = input.method() + " " + RequestInput.withoutQuery(input.uri());
        ContentResponse response;
        try {
            // Buffered by the client as it arrives, handed over once: cheaper than a blocking stream.
            // The request's own timeout ends it; the wait here only guards against a lost completion.
            response = new CompletableResponseListener(request, Integer.MAX_VALUE - 8).send()
                    .get(timeout.toMillis() + TIMEOUT_GUARD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw timedOut(target, timeout, e);
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException || cause.getCause() instanceof TimeoutException) {
                throw timedOut(target, timeout, cause);
            }
            throw ConnectorException.retryable("http.io", target + " failed: " + cause, null, cause);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("http.interrupted", target + " was interrupted", null, e);
        }
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

    private static ConnectorException timedOut(String target, Duration timeout, Throwable cause) {
        return ConnectorException.retryable("http.timeout", target + " timed out after "
                + timeout.toMillis() + " ms", null, cause);
    }

    private static Request request(RequestInput input, Invocation invocation, Duration timeout)
            throws ConnectorException {
        Request request = Client.INSTANCE.newRequest(input.uri()).method(input.method())
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (Map.Entry<String, String> h : input.headers().entrySet()) {
            String name = h.getKey();
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw RequestInput.invalid("headers." + name, "cannot be set: the HTTP client sets it");
            }
            if (!HEADER_NAME.matcher(name).matches() || h.getValue().indexOf('\r') >= 0
                    || h.getValue().indexOf('\n') >= 0) {
                throw RequestInput.invalid("headers." + name,
                        "cannot be set: a header name is a token and a value has no line breaks");
            }
            request.headers(fields -> fields.add(name, h.getValue()));
        }
        boolean safe = input.method().equals("GET") || input.method().equals("HEAD");
        if (!safe && input.header("Idempotency-Key") == null) {
            request.headers(fields -> fields.add("Idempotency-Key", invocation.idempotencyKey()));
        }
        JsonNode body = input.body();
        String type = input.header("Content-Type");
        if (body == null || body.isNull() || body.isMissingNode()) {
            return request;
        }
        if (body.isTextual() && type != null) {
            return request
                    .body(new BytesRequestContent(type, body.textValue().getBytes(StandardCharsets.UTF_8)));
        }
        // Jetty sends the content's type when the flow set no Content-Type header.
        return request.body(new BytesRequestContent(type == null ? "application/json" : type, bytes(body)));
    }

    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern
            .compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** The shared client, started on first use (so that merely discovering the connector starts nothing). */
    private static final class Client {
        static final HttpClient INSTANCE = start();

        private static HttpClient start() {
            QueuedThreadPool threads = new QueuedThreadPool(64, 2);
            threads.setName("weft-http-client");
            threads.setDaemon(true);
            HttpClient client = new HttpClient();
            client.setExecutor(threads);
            client.setScheduler(new ScheduledExecutorScheduler("weft-http-client-scheduler", true));
            client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
            client.setFollowRedirects(false);
            // Many executions may call one host at once: queue rather than refuse beyond the connections.
            client.setMaxConnectionsPerDestination(256);
            client.setMaxRequestsQueuedPerDestination(1 << 16);
            client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Weft"));
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("the HTTP client did not start: " + e, e);
            }
            // No authentication, redirect or 100-continue handling (start() installs them): a 401 or a
            // 3xx is the step's result, as the server sent it.
            client.getProtocolHandlers().clear();
            // Responses are returned as sent: no Accept-Encoding added, nothing decompressed (also
            // installed by start()).
            client.getContentDecoderFactories().clear();
            return client;
        }
    }

    private static byte[] bytes(JsonNode body) throws ConnectorException {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw RequestInput.invalid("body", "cannot be written as JSON: " + e.getMessage());
        }
    }

    private static ObjectNode headers(HttpFields fields) {
        Map<String, String> sorted = new TreeMap<>();
        for (HttpField f : fields) {
            sorted.merge(f.getName().toLowerCase(Locale.ROOT), f.getValue(), (a, b) -> a + ", " + b);
        }
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        sorted.forEach(headers::put);
        return headers;
    }

    private static JsonNode body(HttpFields headers, byte[] bytes) {
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

    private static ConnectorException statusError(String target, int status, JsonNode body) {
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
