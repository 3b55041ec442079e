package dev.weft.connector;

import java.util.Map;

/**
 * Headers and query parameters that authorize one request. Their values are secrets: they are sent and
 * never shown ({@link #toString()} gives the names only).
 */
public record Authorization(Map<String, String> headers, Map<String, String> query) {
    public static final Authorization NONE = new Authorization(Map.of(), Map.of());

    public Authorization {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    @Override
    public String toString() {
        return "Authorization[headers=" + headers.keySet() + ", query=" + query.keySet() + "]";
    }
}
