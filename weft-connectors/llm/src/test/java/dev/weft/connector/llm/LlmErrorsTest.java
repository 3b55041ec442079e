package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.ConnectorException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The error shapes of OpenAI, vLLM, llama.cpp and Ollama, read as the same typed errors. */
class LlmErrorsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static ConnectorException of(int status, String body, Map<String, String> headers) {
        return LlmErrors.of("POST /chat/completions", status, name -> headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst()
                .orElse(null),
                body.getBytes(StandardCharsets.UTF_8), NOW, "sk-live-secret-key-1234567890");
    }

    @Test
    void vllmsOlderErrorObjectAndItsContextMessageAreAContextLengthError() {
        ConnectorException e = of(400,
                "{\"object\": \"error\", \"message\": \"This model's maximum context length is"
                        + " 4096 tokens. However, you requested 5000 tokens.\", \"type\": \"BadRequestError\", \"param\": null,"
                        + " \"code\": 400}",
                Map.of());
        assertThat(e.code()).isEqualTo("llm.context_length");
        assertThat(e.details().has("code")).as("a code that only repeats the status").isFalse();
        assertThat(e.getMessage()).contains("400 (BadRequestError)", "4096 tokens");
    }

    @Test
    void llamaCppsContextErrorIsKnownByItsType() {
        ConnectorException e = of(400,
                "{\"error\": {\"code\": 400, \"message\": \"the request exceeds the available"
                        + " context size, try increasing it\", \"type\": \"exceed_context_size_error\", \"n_prompt_tokens\":"
                        + " 9000, \"n_ctx\": 8192}}",
                Map.of());
        assertThat(e.code()).isEqualTo("llm.context_length");
        assertThat(e.getMessage()).contains("--ctx-size");
    }

    @Test
    void ollamasPlainErrorTextIsTheMessage() {
        ConnectorException e = of(404,
                "{\"error\": \"model \\\"llama9\\\" not found, try pulling it first\"}",
                Map.of());
        assertThat(e.code()).isEqualTo("llm.invalid");
        assertThat(e.getMessage()).contains("model \"llama9\" not found", "GET /models");
    }

    @Test
    void aRateLimitWithoutRetryAfterWaitsAsOpenAisResetHeadersSay() {
        ConnectorException e = of(429,
                "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"tokens\","
                        + " \"code\": \"rate_limit_exceeded\"}}",
                Map.of("x-ratelimit-reset-requests", "1.5s",
                        "x-ratelimit-reset-tokens", "6m0s"));
        assertThat(e.code()).isEqualTo("llm.rate_limited");
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(6));
        ConnectorException dated = of(429, "{}", Map.of("Retry-After", "Mon, 07 Dec 2026 10:00:30 GMT"));
        assertThat(dated.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void aServerErrorIsRetryableAndSaysWhenToComeBack() {
        ConnectorException e = of(503, "Service Unavailable", Map.of("Retry-After", "5"));
        assertThat(e.code()).isEqualTo("llm.unavailable");
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains("503: Service Unavailable");
    }

    @Test
    void theKeyAndWhatLooksLikeAQuotedKeyAreCutFromMessages() {
        ConnectorException e = of(401,
                "{\"error\": {\"message\": \"Incorrect API key provided: sk-live-***7890."
                        + " Or was it sk-live-secret-key-1234567890?\", \"type\": \"invalid_request_error\", \"code\":"
                        + " \"invalid_api_key\"}}",
                Map.of());
        assertThat(e.code()).isEqualTo("llm.auth");
        assertThat(e.getMessage() + e.details()).doesNotContain("secret-key", "7890");
        assertThat(LlmErrors.scrub("key sk-abc123 in text", null)).isEqualTo("key sk-[hidden] in text");
    }
}
