package dev.weft.connector.openapi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads an OpenAPI document's text, JSON or YAML, into a tree; errors say where. Thread-safe. */
final class DocumentReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private DocumentReader() {
    }

    static JsonNode read(String text, String source) throws DocumentException {
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{");
        try {
            JsonNode root = (json ? JSON : YAML).readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new DocumentException(source, 0, 0, "the document is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new DocumentException(source, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
        }
    }
}
