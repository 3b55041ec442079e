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
 * @param ocr how pages without text are transcribed, or null when they are refused
 */
record DocumentsConfig(long maxBytes, int maxPages, String llmSystem, OcrConfig ocr) {
    static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    static final int DEFAULT_MAX_PAGES = 200;

    /**
     * Transcription of scanned pages by an llm system's vision model ({@code llm.chat}).
     *
     * @param system the llm system's id
     * @param dpi the resolution pages are rendered at
     * @param maxPages the most pages one call sends to the model
     * @param maxPixels the most pixels one page is rendered to; a larger page is rendered at a lower dpi, down
     *     to {@link #MIN_DPI}, and refused when even that is too many
     */
    record OcrConfig(String system, int dpi, int maxPages, long maxPixels) {
        static final int DEFAULT_DPI = 150;
        static final int MIN_DPI = 72;
        static final int MAX_DPI = 300;
        static final int DEFAULT_MAX_PAGES = 10;
        /** 40 MP: an A0 sheet at 150 dpi; a grey image of it holds 40 MB. */
        static final long DEFAULT_MAX_PIXELS = 40_000_000;
        static final long MIN_MAX_PIXELS = 1_000_000;
        static final long MAX_MAX_PIXELS = 250_000_000;
    }

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
        String llm = system(config, "llm");
        OcrConfig ocr = null;
        String ocrSystem = system(config, "ocr");
        if (ocrSystem != null) {
            int dpi = config.path("ocr").path("dpi").asInt(OcrConfig.DEFAULT_DPI);
            int ocrPages = config.path("ocr").path("maxPages").asInt(OcrConfig.DEFAULT_MAX_PAGES);
            JsonNode pixels = config.path("ocr").path("maxPixels");
            long maxPixels = pixels.isIntegralNumber() ? pixels.asLong() : OcrConfig.DEFAULT_MAX_PIXELS;
            if (dpi < OcrConfig.MIN_DPI || dpi > OcrConfig.MAX_DPI) {
                throw invalid("ocr.dpi", "must be from " + OcrConfig.MIN_DPI + " to " + OcrConfig.MAX_DPI
                        + ", but was " + dpi);
            }
            if (ocrPages < 1) {
                throw invalid("ocr.maxPages", "must be at least 1, but was " + ocrPages);
            }
            if (!pixels.isMissingNode() && !pixels.isIntegralNumber() || maxPixels < OcrConfig.MIN_MAX_PIXELS
                    || maxPixels > OcrConfig.MAX_MAX_PIXELS) {
                throw invalid("ocr.maxPixels", "must be from " + OcrConfig.MIN_MAX_PIXELS + " to "
                        + OcrConfig.MAX_MAX_PIXELS + " (" + OcrConfig.DEFAULT_MAX_PIXELS
                        + " by default), but was "
                        + pixels);
            }
            ocr = new OcrConfig(ocrSystem, dpi, ocrPages, maxPixels);
        }
        return new DocumentsConfig(maxBytes, maxPages, llm, ocr);
    }

    /** The {@code system} of the config's {@code field} object, or null without one. */
    private static String system(JsonNode config, String field) throws ConnectorException {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode system = node.get("system");
        if (system == null || !system.isTextual() || system.textValue().isBlank()) {
            throw invalid(field + ".system", "must name an llm system of this tenant, for example"
                    + " {\"" + field + "\": {\"system\": \"openai\"}}, but was " + system);
        }
        return system.textValue();
    }

    private static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent("documents.config", "documents config: '" + field + "' "
                + problem, null, null);
    }
}
