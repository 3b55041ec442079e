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

    static RequestInput parse(JsonNode input) throws ConnectorException {
        if (!input.isObject()) {
            throw invalid("input", "must be an object, but was " + input.getNodeType());
        }
        String method = text(input, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw invalid("method", "must be one of " + METHODS + ", but was '" + method + "'");
        }
        if (!input.hasNonNull("url")) {
            if (input.hasNonNull("path")) {
                throw invalid("path", "needs a system's base URL, and systems are not supported yet; give an"
                        + " absolute 'url' instead");
            }
            throw invalid("url", "is required");
        }
        URI uri = withQuery(url(text(input, "url", null)), input.get("query"));
        return new RequestInput(method, uri, headers(input.get("headers")), input.get("body"),
                timeout(input.get("timeout")));
    }

    private static URI url(String url) throws ConnectorException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw invalid("url", "is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid("url",
                    "must be an absolute http or https URL, but was '" + withoutQuery(uri) + "'");
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

    /** The URL without query string and fragment, safe for messages (a query may hold secrets). */
    static String withoutQuery(URI uri) {
        String s = uri.toString();
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
