package dev.weft.connector.kit.odata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An OData service under one root URL, reached through the platform's HTTP transport
 * ({@link SystemContext#http()}): requests with the service's own headers ({@code OData-Version},
 * {@code Prefer}, {@code If-Match}, a CSRF token), to a path under the root or to a link the service gave
 * (checked to lie under it); answers read as JSON with a clear error when they are not. Thread-safe.
 */
public final class ODataHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SystemContext context;
    private final String root;
    private final String connector;
    private final List<Map.Entry<String, String>> headers;
    private final JsonApi json;

    /**
     * @param root the service root URL, without a trailing slash
     * @param headers sent with every request (after {@code Accept: application/json})
     * @param notJsonHint what to check when an answer is not JSON (the service URL)
     */
    public ODataHttp(SystemContext context, String root, String connector,
            List<Map.Entry<String, String>> headers,
            String notJsonHint) {
        this.context = context;
        this.root = root.replaceAll("/+$", "");
        this.connector = connector;
        this.headers = List.copyOf(headers);
        this.json = new JsonApi(context, this.root, connector, notJsonHint);
    }

    public String root() {
        return root;
    }

    /** {@code target} as an absolute URI: a path ({@code /accounts?...}) under the root, or a URL under it. */
    public URI uri(String target) throws ConnectorException {
        // every target, the connector's own paths too, is checked to stay under the root: no dot segments
        return URI.create(
                ODataPage.under(root, target.startsWith("/") || target.isEmpty() ? root + target : target,
                        connector, "the link " + JsonApi.abbreviate(target)));
    }

    /**
     * Sends {@code method target} with a JSON body (none when null) and the given headers besides the
     * service's, as part of {@code call} (its trace and idempotency key; null for the platform's own
     * requests, such as a poll or a connection test).
     */
    public HttpTransport.Response send(String method, String target, JsonNode body,
            List<Map.Entry<String, String>> more, Duration timeout, Cancellation cancellation, Call call)
            throws ConnectorException {
        HttpTransport.Body bytes = null;
        if (body != null) {
            try {
                bytes = new HttpTransport.Body.Bytes(JSON.writeValueAsBytes(body), "application/json");
            } catch (IOException impossible) {
                throw new IllegalStateException("a JSON tree always serializes", impossible);
            }
        }
        return sendBody(method, target, bytes, more, timeout, cancellation, call);
    }

    /** Sends {@code method target} with {@code body} as it is (a {@code $batch}'s multipart), or none. */
    public HttpTransport.Response sendBody(String method, String target, HttpTransport.Body body,
            List<Map.Entry<String, String>> more, Duration timeout, Cancellation cancellation, Call call)
            throws ConnectorException {
        HttpTransport.Request request = HttpTransport.Request.to(method, uri(target))
                .withHeader("Accept", "application/json").withTimeout(timeout).withCancellation(cancellation)
                .withMaxBytes(JsonApi.MAX_ANSWER_BYTES);
        for (Map.Entry<String, String> h : headers) {
            request = request.withHeader(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : more) {
            request = request.withHeader(h.getKey(), h.getValue());
        }
        if (call != null) {
            request = request.withTrace(call.trace()).withIdempotencyKey(call.idempotencyKey());
        }
        if (body != null) {
            request = request.withBody(body);
        }
        return context.http().send(request);
    }

    /** The answer's body as JSON (a null node when empty); {@code <connector>.not_api} when it is not JSON. */
    public JsonNode json(HttpTransport.Response response, String what) throws ConnectorException {
        return json.json(response, what);
    }
}
