package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A system's configuration: where its document is (exactly one of {@code document}, {@code documentUrl},
 * {@code documentFile}) and, optionally, the {@code baseUrl} that replaces the document's servers.
 * Immutable.
 *
 * @param documentCredential whether the request for {@code documentUrl} carries the system's credential
 */
record OpenApiConfig(JsonNode document, URI documentUrl, Path documentFile, boolean documentCredential,
        String baseUrl) {
    static final String CODE = "openapi.config";

    static OpenApiConfig read(JsonNode config) throws ConnectorException {
        List<String> given = new ArrayList<>();
        for (String field : new String[]{"document", "documentUrl", "documentFile"}) {
            if (config.hasNonNull(field)) {
                given.add(field);
            }
        }
        if (given.size() != 1) {
            throw invalid("config", (given.isEmpty()
                    ? "names no document"
                    : "names " + String.join(" and ", given))
                    + "; give exactly one of document (the document itself, an object or its text), documentUrl"
                    + " (https://api.example.com/openapi.json) or documentFile (a path on the server)");
        }
        URI documentUrl = null;
        if (config.hasNonNull("documentUrl")) {
            documentUrl = httpUrl(config.get("documentUrl").asText(), "documentUrl",
                    "https://api.example.com/openapi.json");
        }
        Path documentFile = null;
        if (config.hasNonNull("documentFile")) {
            String file = config.get("documentFile").asText();
            String lower = file.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".json") && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
                throw invalid("documentFile", "must be a .json, .yaml or .yml file, but was '" + file + "'");
            }
            documentFile = Path.of(file);
            if (!Files.isRegularFile(documentFile)) {
                throw invalid("documentFile", "'" + file + "' is not a file the server can read; give an"
                        + " absolute path on the server, or use document or documentUrl");
            }
        }
        String baseUrl = null;
        if (config.hasNonNull("baseUrl")) {
            baseUrl = httpUrl(config.get("baseUrl").asText(), "baseUrl", "https://api.example.com/v1")
                    .toString()
                    .replaceAll("/+$", "");
        }
        JsonNode document = config.get("document");
        if (document != null && !document.isObject() && !document.isTextual()) {
            throw invalid("document",
                    "must be the document as an object or as its JSON or YAML text, but was "
                            + document.getNodeType());
        }
        return new OpenApiConfig(document, documentUrl, documentFile,
                config.path("documentCredential").asBoolean(false), baseUrl);
    }

    private static URI httpUrl(String value, String field, String example) throws ConnectorException {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        // Without its query: a URL's query may hold a key.
        throw invalid(field, "must be an http or https URL such as " + example + ", but was '"
                + value.split("[?#]", 2)[0] + "'");
    }

    static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent(CODE,
                (field.equals("config") ? "config " : "config." + field + " ")
                        + problem,
                null, null);
    }
}
