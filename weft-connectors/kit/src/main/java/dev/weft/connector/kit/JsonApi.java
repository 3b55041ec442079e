package dev.weft.connector.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A vendor's JSON API under one root URL, reached through the platform's HTTP transport
 * ({@link SystemContext#http()}: egress guard, credential, trace context, idempotency key): requests with a
 * JSON body, answers read as JSON with a clear error when they are not. What a vendor's errors mean stays
 * with its connector. Thread-safe.
 */
public final class JsonApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The characters of an answer kept in an error message. */
    public static final int MAX_ERROR_CHARS = 2_000;

    private final SystemContext context;
    private final String root;
    private final String connector;
    private final String notJsonHint;

    /**
     * @param root the URL every path is appended to, without a trailing slash
     * @param connector the connector's id, for error codes ({@code <connector>.not_api})
     * @param notJsonHint what to check when an answer is not JSON (the base URL, a module to enable)
     */
    public JsonApi(SystemContext context, String root, String connector, String notJsonHint) {
        this.context = context;
        this.root = root.replaceAll("/+$", "");
        this.connector = connector;
        this.notJsonHint = notJsonHint;
    }

    /**
     * The system's {@code config.baseUrl}, an http(s) URL without a trailing slash.
     *
     * @param what what the URL is, for the error: "the Dolibarr root URL"
     * @throws ConnectorException {@code <connector>.config} naming the field when it is missing or not http(s)
     */
    public static String baseUrl(SystemContext context, String connector, String what)
            throws ConnectorException {
        String baseUrl = context.config().path("baseUrl").asText("");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw ConnectorException.permanent(connector + ".config", "config.baseUrl: " + what + ", such as"
                    + " https://erp.example.com, but was '" + baseUrl + "'", null, null);
        }
        return baseUrl.replaceAll("/+$", "");
    }

    /**
     * The largest answer a request of a JSON API buffers: a vendor's page of records is far below it, and an
     * answer above it fails the call ({@code http.too_large}) rather than the platform's memory.
     */
    public static final long MAX_ANSWER_BYTES = 32L * 1024 * 1024;

    public String root() {
        return root;
    }

    /**
     * Sends {@code method pathAndQuery} with {@code body} as JSON (none when null), as part of {@code call}
     * (its trace and idempotency key; null for the platform's own requests, such as a connection test).
     */
    public HttpTransport.Response send(String method, String pathAndQuery, JsonNode body, Duration timeout,
            Cancellation cancellation, Call call) throws ConnectorException {
        HttpTransport.Request request = HttpTransport.Request.to(method, URI.create(root + pathAndQuery))
                .withHeader("Accept", "application/json").withTimeout(timeout).withCancellation(cancellation)
                .withMaxBytes(MAX_ANSWER_BYTES);
        if (call != null) {
            request = request.withTrace(call.trace()).withIdempotencyKey(call.idempotencyKey());
        }
        if (body != null) {
            try {
                request = request.withBody(new HttpTransport.Body.Bytes(JSON.writeValueAsBytes(body),
                        "application/json"));
            } catch (IOException impossible) {
                throw new IllegalStateException("a JSON tree always serializes", impossible);
            }
        }
        return context.http().send(request);
    }

    /** The answer's body as JSON (null node when empty); {@code <connector>.not_api} when it is not JSON. */
    public JsonNode json(HttpTransport.Response response, String what) throws ConnectorException {
        byte[] bytes = response.body();
        if (bytes == null || bytes.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException notJson) {
            throw ConnectorException.permanent(connector + ".not_api",
                    what + " answered something that is not"
                            + " JSON (" + abbreviate(new String(bytes, StandardCharsets.UTF_8)) + "); "
                            + notJsonHint,
                    null, null);
        }
    }

    /** The answer's body as JSON, or an empty object when it has none or is not JSON (for error bodies). */
    public static JsonNode jsonOrEmpty(HttpTransport.Response response) {
        byte[] bytes = response.body();
        if (bytes == null || bytes.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException notJson) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** The answer's body as text, cut to {@link #MAX_ERROR_CHARS}. */
    public static String text(HttpTransport.Response response) {
        byte[] bytes = response.body();
        return bytes == null ? "" : abbreviate(new String(bytes, StandardCharsets.UTF_8));
    }

    public static String abbreviate(String text) {
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
    }

    /** {@code ?a=1&b=x%20y} of the parameters given (in their order; null values left out), or "". */
    public static String query(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /**
     * A path segment, percent-encoded (a space as %20, as a path needs): a doctype or a document's name.
     *
     * @throws ConnectorException {@code input.path_segment} (permanent) for an empty value, {@code .} or
     *     {@code ..}: as a segment they would change which resource a credentialed request reaches (servers
     *     normalize dot segments, also after decoding {@code %2E})
     */
    public static String segment(String value) throws ConnectorException {
        if (!isSegment(value)) {
            throw ConnectorException.permanent("input.path_segment", "'" + abbreviate(value)
                    + "' cannot name a"
                    + " record or resource: an empty value, '.' or '..' would change which path the request"
                    + " reaches", null, null);
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Whether the path of {@code url} (absolute, or a path with its query) has a {@code .} or {@code ..}
     * segment, also percent-encoded: a server that normalizes it would serve another resource than a prefix
     * check of the link saw. An unreadable URL counts as having one.
     */
    public static boolean hasDotSegment(String url) {
        String path;
        try {
            path = new URI(url).getRawPath();
        } catch (java.net.URISyntaxException e) {
            return true;
        }
        if (path == null) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replaceAll("(?i)%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} can be one path segment: not empty, {@code .} or {@code ..}. */
    public static boolean isSegment(String value) {
        return value != null && !value.isEmpty() && !value.equals(".") && !value.equals("..");
    }
}
