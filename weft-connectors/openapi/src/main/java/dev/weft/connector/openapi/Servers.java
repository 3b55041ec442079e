package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a document says its API is: OpenAPI 3's {@code servers} (each URL with its variables' defaults),
 * or Swagger 2.0's {@code schemes}, {@code host} and {@code basePath}. A relative URL is resolved against
 * the URL the document was read from.
 */
final class Servers {
    private Servers() {
    }

    /** A 3.x server object's URL, each {@code {variable}} replaced by its default. */
    static String expand(JsonNode server) {
        String url = server.path("url").asText("/");
        for (Map.Entry<String, JsonNode> variable : server.path("variables").properties()) {
            url = url.replace("{" + variable.getKey() + "}", variable.getValue().path("default").asText(""));
        }
        return url;
    }

    /** The document's server URLs, as written (maybe relative); one for a Swagger 2.0 document. */
    static List<String> of(JsonNode root, boolean swagger2) {
        List<String> out = new ArrayList<>();
        if (swagger2) {
            String basePath = root.path("basePath").asText("");
            if (root.path("host").isTextual()) {
                JsonNode schemes = root.path("schemes");
                String scheme = schemes.size() > 0 ? schemes.get(0).asText() : "https";
                out.add(scheme + "://" + root.get("host").asText() + basePath);
            } else {
                out.add(basePath.isEmpty() ? "/" : basePath);
            }
            return out;
        }
        root.path("servers").forEach(s -> out.add(expand(s)));
        return out;
    }

    /**
     * {@code url} made absolute against {@code documentUrl}, without a trailing slash; null when it is
     * relative and there is no document URL to resolve it against.
     */
    static String resolve(String url, URI documentUrl) {
        URI uri = URI.create(url);
        if (!uri.isAbsolute()) {
            if (documentUrl == null) {
                return null;
            }
            uri = documentUrl.resolve(url.startsWith("/") || url.startsWith(".") ? url : "./" + url);
        }
        return uri.toString().replaceAll("/+$", "");
    }
}
