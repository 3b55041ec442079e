package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;

/**
 * A documents system's configuration. Immutable.
 *
 * @param maxBytes the largest document read; larger ones fail with {@code documents.too_large}
 * @param maxPages the most pages one call reads (the document's pages, or the requested range's)
 * @param llmSystem the system whose {@code llm.extract} completes the invoice fields the rules did not find,
 *     or null for rules only
 */
record DocumentsConfig(long maxBytes, int maxPages, String llmSystem) {
    static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    static final int DEFAULT_MAX_PAGES = 200;

    DocumentsConfig {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, but was " + maxBytes);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1, but was " + maxPages);
        }
    }

    static DocumentsConfig parse(JsonNode config) throws ConnectorException {
        long maxBytes = config.path("maxBytes").asLong(DEFAULT_MAX_BYTES);
        int maxPages = config.path("maxPages").asInt(DEFAULT_MAX_PAGES);
        if (maxBytes < 1 || maxPages < 1) {
            throw invalid(maxBytes < 1 ? "maxBytes" : "maxPages",
                    "must be at least 1, but was " + (maxBytes < 1 ? maxBytes : maxPages));
        }
        String llm = null;
        JsonNode llmNode = config.get("llm");
        if (llmNode != null && !llmNode.isNull()) {
            JsonNode system = llmNode.get("system");
            if (system == null || !system.isTextual() || system.textValue().isBlank()) {
                throw invalid("llm.system", "must name an llm system of this tenant, for example"
                        + " {\"llm\": {\"system\": \"openai\"}}, but was " + system);
            }
            llm = system.textValue();
        }
        return new DocumentsConfig(maxBytes, maxPages, llm);
    }

    private static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent("documents.config", "documents config: '" + field + "' "
                + problem, null, null);
    }
}
