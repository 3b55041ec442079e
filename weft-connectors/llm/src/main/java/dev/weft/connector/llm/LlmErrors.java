package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Durations;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An endpoint's error answers as typed errors. OpenAI answers {@code {"error": {"message", "type", "param",
 * "code"}}}; llama.cpp and Ollama the same shape (llama.cpp with a numeric code), vLLM also {@code {"object":
 * "error", "message", "type", "code"}}, Ollama at times {@code {"error": "text"}}. No message or detail holds
 * the system's key: OpenAI quotes part of a wrong key back ({@code Incorrect API key provided: sk-ab***yz}),
 * which is cut out. Stateless.
 */
final class LlmErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_QUOTED = Pattern.compile("(?i)(api key provided:?\\s*)\\S+");
    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_*.\\-]{3,}");
    private static final Pattern FRACTION = Pattern.compile("(.*?)(\\d{1,9})\\.\\d+s");
    private static final Pattern CONTEXT = Pattern.compile("(?i)maximum context length|context size|context"
            + " window|too many tokens|context_length");

    private LlmErrors() {
    }

    /**
     * The typed error of an answer that is not a success.
     *
     * @param what the request, for messages: {@code POST /chat/completions}
     * @param header a header of the answer by name, or null
     * @param body the answer's body (may be empty)
     * @param key the system's key, to cut out of messages; null without one
     */
    static ConnectorException of(String what, int status, Function<String, String> header, byte[] body,
            Instant now, String key) {
        JsonNode parsed = parse(body);
        JsonNode error = parsed.path("error");
        String message;
        String type;
        String code;
        String param;
        if (error.isObject()) {
            message = error.path("message").asText("");
            type = error.path("type").asText("");
            code = error.path("code").isNull() ? "" : error.path("code").asText("");
            param = error.path("param").isNull() ? "" : error.path("param").asText("");
        } else {
            message = error.isTextual() ? error.asText() : parsed.path("message").asText("");
            type = parsed.path("type").asText("");
            code = parsed.path("code").isValueNode() ? parsed.path("code").asText("") : "";
            param = parsed.path("param").isValueNode() && !parsed.path("param").isNull()
                    ? parsed.path("param").asText("")
                    : "";
        }
        if (message.isEmpty()) {
            message = parsed.size() == 0
                    ? new String(body, StandardCharsets.UTF_8).strip()
                    : parsed.toString();
        }
        message = scrub(JsonApi.abbreviate(message.isEmpty() ? "no message" : message), key);
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status);
        String said = "";
        if (!type.isEmpty()) {
            details.put("type", type);
            said = type;
        }
        if (!code.isEmpty() && !code.equals(Integer.toString(status))) {
            details.put("code", code);
            said += (said.isEmpty() ? "" : ", ") + "code " + code;
        }
        if (!param.isEmpty()) {
            details.put("param", param);
            said += (said.isEmpty() ? "" : ", ") + "param " + param;
        }
        details.put("message", message);
        String text = what + " answered " + status + (said.isEmpty() ? "" : " (" + said + ")") + ": "
                + message;
        Optional<Duration> wait = RateLimitHeaders.read(status, header, now).retryAfter();

        if (status == 429) {
            if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
                return ConnectorException.permanent("llm.quota", text + " (the account's quota or credit is"
                        + " used up: raise it with the provider; trying again will not help)", details, null);
            }
            if (wait.isEmpty()) {
                wait = reset(header);
            }
            return ConnectorException.rateLimited("llm.rate_limited", text
                    + wait.map(d -> " (retry in " + Math.max(1, (d.toMillis() + 999) / 1000) + " s)")
                            .orElse(""),
                    wait.orElse(null), details);
        }
        if (status == 401 || status == 403) {
            return ConnectorException.permanent("llm.auth", text + " (check the system's credential: a bearer"
                    + " credential holding the endpoint's API key, such as vLLM's --api-key; a local server"
                    + " started without a key needs no credential)", details, null);
        }
        if (status >= 500 || status == 408) {
            wait.ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
            return ConnectorException.retryable("llm.unavailable", text, details, null);
        }
        if (status == 400
                && (code.equals("context_length_exceeded") || type.equals("exceed_context_size_error")
                        || CONTEXT.matcher(message).find())) {
            return ConnectorException.permanent("llm.context_length", text + " (the messages and the answer"
                    + " do not fit the model's context: shorten or drop earlier messages, lower maxTokens, or"
                    + " serve the model with a larger context, such as vLLM's --max-model-len or llama.cpp's"
                    + " --ctx-size)", details, null);
        }
        String hint = status == 404
                ? " (check config.baseUrl, which ends in /v1 for most servers, and the model's name: GET"
                        + " /models lists them)"
                : "";
        return ConnectorException.permanent("llm.invalid", text + hint, details, null);
    }

    /** A transport failure (a timeout, a refused connection) as {@code llm.unavailable}; others unchanged. */
    static ConnectorException transport(String what, ConnectorException e) {
        if (e.retryable() && e.code().startsWith("http.") && !e.code().equals("http.cancelled")) {
            return ConnectorException.retryable("llm.unavailable", what + " failed: " + e.getMessage(),
                    JsonNodeFactory.instance.objectNode().put("cause", e.code()), null);
        }
        return e;
    }

    /** {@code text} without the key, and without what looks like a quoted key. */
    static String scrub(String text, String key) {
        String out = text;
        if (key != null && key.length() >= 4) {
            out = out.replace(key, "[hidden]");
        }
        out = KEY_QUOTED.matcher(out).replaceAll("$1[hidden]");
        return KEY_LIKE.matcher(out).replaceAll("sk-[hidden]");
    }

    /** OpenAI's {@code x-ratelimit-reset-requests} / {@code -tokens} ({@code 20s}, {@code 6m0s}, {@code 1ms}). */
    private static Optional<Duration> reset(Function<String, String> header) {
        Optional<Duration> longest = Optional.empty();
        for (String name : new String[]{"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"}) {
            String value = header.apply(name);
            if (value == null) {
                continue;
            }
            // Go's durations, as OpenAI sends them: 6m0s, 20ms, 1.5s (a fraction of a second counts whole).
            java.util.regex.Matcher fraction = FRACTION.matcher(value.strip());
            String whole = fraction.matches()
                    ? fraction.group(1) + (Long.parseLong(fraction.group(2)) + 1) + "s"
                    : value.strip();
            Optional<Duration> d = Durations.parse(whole);
            if (d.isPresent() && (longest.isEmpty() || d.get().compareTo(longest.get()) > 0)) {
                longest = d;
            }
        }
        return longest;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null || !node.isObject() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (IOException notJson) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
