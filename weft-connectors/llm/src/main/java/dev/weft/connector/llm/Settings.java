package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * One system's configuration: the endpoint's root, its default model and sampling settings, and which
 * structured output it offers. Read once when the system's client opens. Immutable.
 *
 * @param baseUrl the OpenAI-compatible root, such as {@code http://127.0.0.1:8000/v1}, without a trailing slash
 * @param model the model of calls that name none; null when every call must name one
 * @param temperature the default temperature, or null for the endpoint's
 * @param maxTokens the default most tokens of an answer, or null for the endpoint's
 * @param timeout the most one request may take, or null for the call's own timeout only
 * @param structuredOutput what the endpoint offers for {@code llm.extract} and {@code llm.classify}
 */
record Settings(String baseUrl, String model, Double temperature, Integer maxTokens, Duration timeout,
        StructuredOutput structuredOutput) {

    /** How an endpoint can be made to answer JSON of a schema. */
    enum StructuredOutput {
        /** {@code response_format: {"type": "json_schema"}}: OpenAI, vLLM, recent llama.cpp and Ollama. */
        JSON_SCHEMA,
        /** {@code response_format: {"type": "json_object"}}: any JSON; the schema is in the instructions. */
        JSON_OBJECT,
        /** Nothing: the schema is in the instructions and the answer is read from the text. */
        NONE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Settings {
        if (baseUrl == null || !baseUrl.matches("(?i)^https?://[^\\s/?#]+[^\\s?#]*$")) {
            throw new IllegalArgumentException("config.baseUrl must be the endpoint's http(s) root such as"
                    + " http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:8080/v1 (llama.cpp) or"
                    + " https://api.openai.com/v1, but was '" + baseUrl + "'");
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException(
                    "config.temperature must be from 0 to 2, but was " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("config.maxTokens must be at least 1, but was " + maxTokens);
        }
    }

    /** The settings of {@code config}, valid against the connector's config schema. */
    static Settings of(JsonNode config) throws ConnectorException {
        try {
            String timeoutText = text(config, "timeout");
            Duration timeout = null;
            if (timeoutText != null) {
                timeout = Durations.parse(timeoutText).filter(d -> !d.isNegative() && !d.isZero())
                        .orElseThrow(() -> new IllegalArgumentException("config.timeout must be "
                                + Durations.EXPECTED + ", but was '" + timeoutText + "'"));
            }
            String mode = text(config, "structuredOutput");
            StructuredOutput structured = StructuredOutput.JSON_SCHEMA;
            if (mode != null) {
                structured = switch (mode) {
                    case "json_schema" -> StructuredOutput.JSON_SCHEMA;
                    case "json_object" -> StructuredOutput.JSON_OBJECT;
                    case "none" -> StructuredOutput.NONE;
                    default ->
                        throw new IllegalArgumentException("config.structuredOutput must be json_schema,"
                                + " json_object or none (what the endpoint offers), but was '" + mode + "'");
                };
            }
            return new Settings(text(config, "baseUrl"), text(config, "model"),
                    config.hasNonNull("temperature") ? config.get("temperature").asDouble() : null,
                    config.hasNonNull("maxTokens") ? config.get("maxTokens").asInt() : null, timeout,
                    structured);
        } catch (IllegalArgumentException e) {
            throw ConnectorException.permanent("llm.config", e.getMessage(), null, null);
        }
    }

    private static String text(JsonNode config, String field) {
        JsonNode value = config.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The time one request may take within {@code callTimeout}. */
    Duration requestTimeout(Duration callTimeout) {
        return timeout == null || timeout.compareTo(callTimeout) > 0 ? callTimeout : timeout;
    }
}
