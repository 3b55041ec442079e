package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The validated input of {@code http.request}; every rejection names the field. */
record RequestInput(String method, URI uri, Map<String, String> headers, JsonNode body, Duration timeout) {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");

    /**
     * @param baseUrl the system's base URL, or null: {@code path} is appended to it, and an absolute
     *     {@code url} must have its origin, so that the system's credential goes nowhere else
     */
    static RequestInput parse(JsonNode input, URI baseUrl) throws ConnectorException {
        if (!input.isObject()) {
            throw invalid("input", "must be an object, but was " + input.getNodeType());
        }
        String method = text(input, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw invalid("method", "must be one of " + METHODS + ", but was '" + method + "'");
        }
        URI target = target(input, baseUrl);
        URI uri = withQuery(target, input.get("query"));
        return new RequestInput(method, uri, headers(input.get("headers")), input.get("body"),
                timeout(input.get("timeout")));
    }

    private static URI target(JsonNode input, URI baseUrl) throws ConnectorException {
        boolean hasUrl = input.hasNonNull("url");
        boolean hasPath = input.hasNonNull("path");
        if (hasUrl && hasPath) {
            throw invalid("path", "cannot be given with 'url': give a path under the system's baseUrl, or"
                    + " an absolute url");
        }
        if (hasPath) {
            String path = text(input, "path", null);
            if (baseUrl == null) {
                throw invalid("path", "needs the system's baseUrl, and this call has no system with one;"
                        + " name a system whose config has a baseUrl, or give an absolute 'url'");
            }
            if (path.contains("://") || path.startsWith("//") || path.contains("\\")
                    || path.contains("?") || path.contains("#")) {
                throw invalid("path", "must be a path such as /customers/42 (query parameters go in"
                        + " 'query'), but was '" + path + "'");
            }
            String base = baseUrl.toString();
            String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                    + (path.startsWith("/") ? path : "/" + path);
            return url("path", joined);
        }
        if (!hasUrl) {
            throw invalid("url", "is required (or 'path', under a system's baseUrl)");
        }
        URI uri = url("url", text(input, "url", null));
        if (baseUrl != null && !sameOrigin(uri, baseUrl)) {
            throw invalid("url",
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
            return url("baseUrl", value.textValue());
        } catch (ConnectorException e) {
            // The same rule as a step's url, reported as the system's configuration.
            throw ConnectorException.permanent("http.config", "system config: " + e.getMessage()
                    .replace("http.request: 'baseUrl'", "'baseUrl'"), null, null);
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

    private static URI url(String field, String url) throws ConnectorException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw invalid(field, "is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid(field,
                    "must be an absolute http or https URL, but was '" + withoutQuery(uri) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(field, "must not hold a user name or password: put them in a credential of the"
                    + " system");
        }
        return uri;
    }

    private static URI withQuery(URI uri, JsonNode query) throws ConnectorException {
        if (query == null || query.isNull()) {
            return uri;
        }
        if (!query.isObject()) {
            throw invalid("query", "must be an object, but was " + query.getNodeType());
        }
        StringBuilder q = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        for (Map.Entry<String, JsonNode> e : query.properties()) {
            JsonNode value = e.getValue();
            for (JsonNode v : value.isArray() ? value : java.util.List.of(value)) {
                if (v.isNull()) {
                    continue; // an absent optional value, typically an expression that yielded nothing
                }
                if (!v.isValueNode()) {
                    throw invalid("query." + e.getKey(), "must be a string, number, boolean or an array of"
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

    private static Map<String, String> headers(JsonNode headers) throws ConnectorException {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null || headers.isNull()) {
            return out;
        }
        if (!headers.isObject()) {
            throw invalid("headers", "must be an object of strings, but was " + headers.getNodeType());
        }
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
            if (!e.getValue().isTextual()) {
                throw invalid("headers." + e.getKey(),
                        "must be a string, but was " + e.getValue().getNodeType());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static Duration timeout(JsonNode timeout) throws ConnectorException {
        if (timeout == null || timeout.isNull()) {
            return null;
        }
        if (!timeout.canConvertToLong() || timeout.longValue() <= 0) {
            throw invalid("timeout", "must be a positive number of milliseconds, but was " + timeout);
        }
        return Duration.ofMillis(timeout.longValue());
    }

    private static String text(JsonNode input, String field, String fallback) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw invalid(field, "must be a string, but was " + value.getNodeType());
        }
        return value.textValue();
    }

    String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * The URL without user-info, query string and fragment, safe for messages (a query may hold secrets).
     */
    static String withoutQuery(URI uri) {
        String s = uri.getRawUserInfo() == null
                ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", "");
        int cut = s.indexOf('?');
        int hash = s.indexOf('#');
        if (cut < 0 || hash >= 0 && hash < cut) {
            cut = hash;
        }
        return cut < 0 ? s : s.substring(0, cut);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent("http.input", "http.request: '" + field + "' " + problem, null,
                null);
    }
}
