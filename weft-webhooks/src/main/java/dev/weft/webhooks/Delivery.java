package dev.weft.webhooks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One inbound webhook request as the verifier sees it: the body bytes, the headers (names compared
 * without regard to case) and the query parameters (names compared exactly). Independent of any HTTP
 * server. Immutable and thread-safe, except that the body array is used as given, not copied: callers
 * must not change it after building the delivery.
 */
public final class Delivery {
    private final byte[] body;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> query;
    private final String method;
    private final String url;

    private Delivery(byte[] body, Map<String, List<String>> headers, Map<String, List<String>> query,
            String method, String url) {
        this.body = body;
        this.headers = headers;
        this.query = query;
        this.method = method;
        this.url = url;
    }

    /**
     * A delivery from maps as HTTP servers expose them. Header names that differ only in case are
     * merged, in the order the map gives them.
     */
    public static Delivery of(byte[] body, Map<String, ? extends Collection<String>> headers,
            Map<String, ? extends Collection<String>> query) {
        Builder b = builder(body);
        headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        query.forEach((name, values) -> values.forEach(v -> b.query(name, v)));
        return b.build();
    }

    public static Builder builder(byte[] body) {
        return new Builder(body);
    }

    /** The body exactly as received; not a copy. */
    public byte[] body() {
        return body;
    }

    /** Every value of header {@code name}, in the order received; empty when absent. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The first value of header {@code name}. */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** Every value of query parameter {@code name}; empty when absent. */
    public List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The request's method; {@code POST} unless the builder was told otherwise. */
    public String method() {
        return method;
    }

    /** The absolute URL the request arrived at (scheme, host, path and query as sent), when known. */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** Sizes and names only: header and query values may hold tokens. */
    @Override
    public String toString() {
        return "Delivery[body=" + body.length + " bytes, headers=" + headers.keySet() + ", query="
                + query.keySet()
                + "]";
    }

    /** Collects a delivery's headers and query parameters. Not thread-safe. */
    public static final class Builder {
        private final byte[] body;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, List<String>> query = new TreeMap<>();
        private String method = "POST";
        private String url;

        private Builder(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
        }

        /** Adds a value of header {@code name}; earlier values stay. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(Objects.requireNonNull(name, "header name"), n -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "header value"));
            return this;
        }

        /** Adds a value of query parameter {@code name}; earlier values stay. */
        public Builder query(String name, String value) {
            query.computeIfAbsent(Objects.requireNonNull(name, "query parameter name"),
                    n -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "query parameter value"));
            return this;
        }

        /** The request's method and the absolute URL it arrived at (null when unknown). */
        public Builder request(String method, String url) {
            this.method = Objects.requireNonNull(method, "method");
            this.url = url;
            return this;
        }

        public Delivery build() {
            return new Delivery(body, frozen(headers, new TreeMap<>(String.CASE_INSENSITIVE_ORDER)),
                    frozen(query, new TreeMap<>()), method, url);
        }

        private static Map<String, List<String>> frozen(Map<String, List<String>> from,
                TreeMap<String, List<String>> into) {
            from.forEach((name, values) -> into.put(name, List.copyOf(values)));
            return java.util.Collections.unmodifiableMap(into);
        }
    }
}
