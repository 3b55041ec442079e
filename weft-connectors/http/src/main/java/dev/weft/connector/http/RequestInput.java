package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One request to send, validated: what {@code http.request} reads from its input, and what the other
 * operations and the polling trigger build from theirs. Every rejection names the field.
 *
 * @param timeout the input's own timeout, or null
 */
record RequestInput(String method, URI uri, Map<String, String> headers, RequestBody body, Duration timeout) {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");
    /** Headers the client computes itself; a flow setting them would corrupt the request. */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "connection", "content-length",
            "transfer-encoding", "expect", "upgrade", "te", "trailer", "keep-alive", "proxy-connection");
    private static final Inputs SYSTEM_CONFIG = new Inputs("system config", "http.config");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    RequestInput {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The input of {@code http.request}.
     *
     * @param baseUrl the system's base URL, or null: {@code path} is appended to it, and an absolute
     *     {@code url} must have its origin, so that the system's credential goes nowhere else
     */
    static RequestInput parse(Inputs inputs, JsonNode input, URI baseUrl) throws ConnectorException {
        String method = inputs.text(input, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw inputs.invalid("method", "must be one of " + METHODS + ", but was '" + method + "'");
        }
        Map<String, String> headers = headers(inputs, input.get("headers"));
        RequestBody body = RequestBody.of(inputs, input, header(headers, "Content-Type"));
        return new RequestInput(method, uri(inputs, input, baseUrl), headers, body,
                timeout(inputs, input.get("timeout")));
    }

    /**
     * A GET from the common fields {@code url} or {@code path}, {@code query}, {@code headers} and
     * {@code timeout} (the input of {@code http.paginate}, the config of {@code http.poll}).
     */
    static RequestInput get(Inputs inputs, JsonNode input, URI baseUrl) throws ConnectorException {
        return new RequestInput("GET", uri(inputs, input, baseUrl), headers(inputs, input.get("headers")),
                RequestBody.NONE, timeout(inputs, input.get("timeout")));
    }

    /** The target of {@code url} or {@code path}, with the parameters of {@code query}. */
    static URI uri(Inputs inputs, JsonNode input, URI baseUrl) throws ConnectorException {
        return withQuery(inputs, target(inputs, input, baseUrl, false), input.get("query"));
    }

    /** This request with {@code more} headers, which replace any of the same name. */
    RequestInput withHeaders(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (more.keySet().stream().noneMatch(k::equalsIgnoreCase)) {
                all.put(k, v);
            }
        });
        all.putAll(more);
        return new RequestInput(method, uri, all, body, timeout);
    }

    RequestInput withUri(URI other) {
        return new RequestInput(method, other, headers, body, timeout);
    }

    /** What messages name: the method and the URL without its query, which may hold secrets. */
    String target() {
        return method + " " + withoutQuery(uri);
    }

    /** The input's timeout when it is shorter than {@code limit}, else {@code limit}. */
    Duration within(Duration limit) {
        return timeout != null && timeout.compareTo(limit) < 0 ? timeout : limit;
    }

    /**
     * The target of {@code url} or {@code path}, without query parameters.
     *
     * @param baseUrlByDefault whether neither means the system's baseUrl itself (else {@code url} is
     *     required)
     */
    static URI target(Inputs inputs, JsonNode input, URI baseUrl, boolean baseUrlByDefault)
            throws ConnectorException {
        boolean hasUrl = input.hasNonNull("url");
        boolean hasPath = input.hasNonNull("path");
        if (hasUrl && hasPath) {
            throw inputs.invalid("path",
                    "cannot be given with 'url': give a path under the system's baseUrl, or"
                            + " an absolute url");
        }
        if (hasPath) {
            String path = inputs.text(input, "path", null);
            if (baseUrl == null) {
                throw inputs.invalid("path",
                        "needs the system's baseUrl, and this call has no system with one;"
                                + " name a system whose config has a baseUrl, or give an absolute 'url'");
            }
            if (path.contains("://") || path.startsWith("//") || path.contains("\\")
                    || path.contains("?") || path.contains("#")) {
                throw inputs.invalid("path", "must be a path such as /customers/42 (query parameters go in"
                        + " 'query'), but was '" + path + "'");
            }
            String base = baseUrl.toString();
            String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                    + (path.startsWith("/") ? path : "/" + path);
            return url(inputs, "path", joined);
        }
        if (!hasUrl && baseUrlByDefault && baseUrl != null) {
            return baseUrl;
        }
        if (!hasUrl) {
            throw inputs.invalid("url", "is required (or 'path', under a system's baseUrl)");
        }
        URI uri = url(inputs, "url", inputs.text(input, "url", null));
        if (baseUrl != null && !sameOrigin(uri, baseUrl)) {
            throw inputs.invalid("url",
                    "must be under the system's baseUrl " + origin(baseUrl) + ", but its origin is "
                            + origin(uri)
                            + ": the system's credential is sent to its baseUrl only (use 'path', or a"
                            + " call without this system)");
        }
        return uri;
    }

    /** The system's base URL from its config, checked; null when it has none. */
    static URI baseUrl(JsonNode config) throws ConnectorException {
        JsonNode value = config.get("baseUrl");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ConnectorException.permanent("http.config", "config.baseUrl must be a string, but was "
                    + value.getNodeType(), null, null);
        }
        try {
            return url(SYSTEM_CONFIG, "baseUrl", value.textValue());
        } catch (ConnectorException e) {
            // The same rule as a step's url, reported as the system's configuration.
            throw ConnectorException.permanent("http.config", e.getMessage(), null, null);
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String origin(URI u) {
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost()
                + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    }

    static URI url(Inputs inputs, String field, String url) throws ConnectorException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw inputs.invalid(field, "is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw inputs.invalid(field,
                    "must be an absolute http or https URL, but was '" + withoutQuery(uri) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw inputs.invalid(field,
                    "must not hold a user name or password: put them in a credential of the"
                            + " system");
        }
        return uri;
    }

    static URI withQuery(Inputs inputs, URI uri, JsonNode query) throws ConnectorException {
        if (query == null || query.isNull()) {
            return uri;
        }
        if (!query.isObject()) {
            throw inputs.invalid("query", "must be an object, but was " + query.getNodeType());
        }
        StringBuilder q = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        for (Map.Entry<String, JsonNode> e : query.properties()) {
            JsonNode value = e.getValue();
            for (JsonNode v : value.isArray() ? value : java.util.List.of(value)) {
                if (v.isNull()) {
                    continue; // an absent optional value, typically an expression that yielded nothing
                }
                if (!v.isValueNode()) {
                    throw inputs.invalid("query." + e.getKey(),
                            "must be a string, number, boolean or an array of"
                                    + " them, but was " + v.getNodeType());
                }
                q.append(q.isEmpty() ? "" : "&").append(encode(e.getKey())).append('=')
                        .append(encode(v.asText()));
            }
        }
        String base = uri.toString();
        int cut = base.indexOf('?') >= 0
                ? base.indexOf('?')
                : base.indexOf('#') >= 0 ? base.indexOf('#') : base.length();
        return URI.create(base.substring(0, cut) + (q.isEmpty() ? "" : "?" + q));
    }

    static Map<String, String> headers(Inputs inputs, JsonNode headers) throws ConnectorException {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null || headers.isNull()) {
            return out;
        }
        if (!headers.isObject()) {
            throw inputs.invalid("headers", "must be an object of strings, but was " + headers.getNodeType());
        }
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
            String name = e.getKey();
            if (!e.getValue().isTextual()) {
                throw inputs.invalid("headers." + name,
                        "must be a string, but was " + e.getValue().getNodeType());
            }
            String value = e.getValue().textValue();
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw inputs.invalid("headers." + name, "cannot be set: the HTTP client sets it");
            }
            if (!HEADER_NAME.matcher(name).matches() || value.indexOf('\r') >= 0
                    || value.indexOf('\n') >= 0) {
                throw inputs.invalid("headers." + name,
                        "cannot be set: a header name is a token and a value has no line breaks");
            }
            out.put(name, value);
        }
        return out;
    }

    static Duration timeout(Inputs inputs, JsonNode timeout) throws ConnectorException {
        if (timeout == null || timeout.isNull()) {
            return null;
        }
        if (!timeout.canConvertToLong() || timeout.longValue() <= 0) {
            throw inputs.invalid("timeout", "must be a positive number of milliseconds, but was " + timeout);
        }
        return Duration.ofMillis(timeout.longValue());
    }

    String header(String name) {
        return header(headers, name);
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The URL without user info, query string and fragment, safe for messages (a query may hold secrets). */
    static String withoutQuery(URI uri) {
        return dev.weft.connector.HttpTransport.withoutSecrets(uri);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
