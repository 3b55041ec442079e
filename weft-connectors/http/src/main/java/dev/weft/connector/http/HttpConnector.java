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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code http} connector: one operation, {@code http.request}, that sends a request to an absolute
 * http(s) URL and returns {@code {status, headers, body}}. Response header names are lower case and a
 * header sent several times is one string, its values joined with {@code ", "} (RFC 9110 5.3). The body is
 * parsed JSON when the response says {@code application/json} or {@code +json}, else text. Redirects are
 * not followed: a 3xx is a permanent error, so that the coming SSRF guard sees every address called. All
 * instances share one HTTP/1.1 client; thread-safe.
 */
@AutoService(Connector.class)
public final class HttpConnector implements Connector {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_ERROR_BODY_CHARS = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

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
        HttpRequest request = request(input, invocation);
        String target = input.method() + " " + RequestInput.withoutQuery(input.uri());
        HttpResponse<byte[]> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw ConnectorException.retryable("http.timeout", target + " timed out after "
                    + request.timeout().map(Duration::toMillis).orElse(0L) + " ms", null, e);
        } catch (IOException e) {
            throw ConnectorException.retryable("http.io", target + " failed: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("http.interrupted", target + " was interrupted", null, e);
        }
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("status", response.statusCode());
        output.set("headers", headers(response));
        output.set("body", body(response));
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw statusError(target, status, output.get("body"));
        }
        return output;
    }

    private static HttpRequest request(RequestInput input, Invocation invocation) throws ConnectorException {
        Duration timeout = invocation.timeout();
        if (input.timeout() != null && input.timeout().compareTo(timeout) < 0) {
            timeout = input.timeout();
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(input.uri()).timeout(timeout);
        for (Map.Entry<String, String> h : input.headers().entrySet()) {
            try {
                builder.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw RequestInput.invalid("headers." + h.getKey(), "cannot be set: " + e.getMessage());
            }
        }
        boolean safe = input.method().equals("GET") || input.method().equals("HEAD");
        if (!safe && input.header("Idempotency-Key") == null) {
            builder.header("Idempotency-Key", invocation.idempotencyKey());
        }
        JsonNode body = input.body();
        if (body == null || body.isNull() || body.isMissingNode()) {
            builder.method(input.method(), HttpRequest.BodyPublishers.noBody());
        } else if (body.isTextual() && input.header("Content-Type") != null) {
            builder.method(input.method(), HttpRequest.BodyPublishers.ofString(body.textValue()));
        } else {
            if (input.header("Content-Type") == null) {
                builder.header("Content-Type", "application/json");
            }
            builder.method(input.method(), HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        return builder.build();
    }

    private static byte[] bytes(JsonNode body) throws ConnectorException {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw RequestInput.invalid("body", "cannot be written as JSON: " + e.getMessage());
        }
    }

    private static ObjectNode headers(HttpResponse<?> response) {
        Map<String, String> sorted = new TreeMap<>();
        response.headers().map().forEach((name, values) -> sorted.merge(name.toLowerCase(Locale.ROOT),
                String.join(", ", values), (a, b) -> a + ", " + b));
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        sorted.forEach(headers::put);
        return headers;
    }

    private static JsonNode body(HttpResponse<byte[]> response) {
        byte[] bytes = response.body();
        if (bytes == null || bytes.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        String contentType = response.headers().firstValue("content-type").orElse("")
                .toLowerCase(Locale.ROOT);
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
