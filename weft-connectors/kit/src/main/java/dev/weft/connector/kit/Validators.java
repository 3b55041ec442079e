package dev.weft.connector.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.HttpTransport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a response said about its version (RFC 9110 8.8: {@code ETag}, {@code Last-Modified}) for one URL, kept
 * between polls so that the next request of the same URL is conditional ({@code If-None-Match},
 * {@code If-Modified-Since}, RFC 9110 13.1): a {@code 304 Not Modified} then costs the vendor, and its rate
 * limit, an empty answer instead of the whole list. Stored as {@code {"url", "etag", "lastModified"}} in a
 * trigger's cursor. Immutable.
 *
 * @param url the URL the validators belong to; they are sent to no other
 * @param etag the entity tag as received (strong or weak), or null
 * @param lastModified the HTTP date as received, or null
 */
public record Validators(String url, String etag, String lastModified) {
    /** Where a cursor keeps them. */
    public static final String FIELD = "validators";

    public Validators {
        Objects.requireNonNull(url, "url");
        if (etag == null && lastModified == null) {
            throw new IllegalArgumentException("validators need an etag or a lastModified");
        }
    }

    /** The validators {@code response} of {@code url} carries; empty when it has neither header. */
    public static Optional<Validators> of(String url, HttpTransport.Response response) {
        String etag = value(response.header("ETag"));
        String lastModified = value(response.header("Last-Modified"));
        return etag == null && lastModified == null
                ? Optional.empty()
                : Optional.of(new Validators(url, etag, lastModified));
    }

    /** The validators stored under {@link #FIELD} of {@code cursor}; empty when there are none or they are unreadable. */
    public static Optional<Validators> read(JsonNode cursor) {
        JsonNode v = cursor == null ? null : cursor.get(FIELD);
        if (v == null || !v.isObject() || !v.path("url").isTextual()) {
            return Optional.empty();
        }
        String etag = v.path("etag").isTextual() ? value(v.get("etag").textValue()) : null;
        String lastModified = v.path("lastModified").isTextual()
                ? value(v.get("lastModified").textValue())
                : null;
        return etag == null && lastModified == null
                ? Optional.empty()
                : Optional.of(new Validators(v.get("url").textValue(), etag, lastModified));
    }

    /** The conditional headers for a request of {@code requestUrl}: none unless it is the URL they came from. */
    public Map<String, String> headers(String requestUrl) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!url.equals(requestUrl)) {
            return headers;
        }
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        if (lastModified != null) {
            headers.put("If-Modified-Since", lastModified);
        }
        return headers;
    }

    /** Whether {@code response} says the resource is unchanged. */
    public static boolean notModified(HttpTransport.Response response) {
        return response.status() == 304;
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("url", url);
        if (etag != null) {
            node.put("etag", etag);
        }
        if (lastModified != null) {
            node.put("lastModified", lastModified);
        }
        return node;
    }

    /** A header value worth keeping: present, short and free of control characters (it is sent back as is). */
    private static String value(String header) {
        if (header == null || header.isBlank() || header.length() > 512
                || header.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            return null;
        }
        return header.strip();
    }
}
