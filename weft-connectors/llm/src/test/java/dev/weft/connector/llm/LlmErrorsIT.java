package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The endpoint's refusals, and inputs the connector refuses itself, as typed errors without the key. */
class LlmErrorsIT {
    @RegisterExtension
    final LlmEndpoint endpoint = LlmEndpoint.perTest();

    private void fails(String operation, String input, Consumer<ConnectorException> check) {
        fails(endpoint.openAi(), operation, input, check);
    }

    private static void fails(TestSystem on, String operation, String input,
            Consumer<ConnectorException> check) {
        ThrowingCallable call = () -> LlmReplayIT.call(on, operation, input);
        assertThatThrownBy(call).isInstanceOfSatisfying(ConnectorException.class, e -> {
            for (String key : List.of(LlmReplay.KEY, LlmReplay.WRONG_KEY)) {
                assertThat(e.getMessage()).doesNotContain(key);
                assertThat(e.details().toString()).doesNotContain(key);
            }
            check.accept(e);
        });
    }

    @Test
    void aRateLimitIsRetryableAndCarriesTheWaitTheEndpointAskedFor() {
        fails("llm.chat",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Summarize our refund policy.\"}]}",
                e -> {
                    assertThat(e.code()).isEqualTo("llm.rate_limited");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                    assertThat(e.details().get("code").asText()).isEqualTo("rate_limit_exceeded");
                });
        fails("llm.chat",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Anything, on an account without"
                        + " credit.\"}]}",
                e -> {
                    assertThat(e.code()).as("a used-up quota is no rate limit").isEqualTo("llm.quota");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void aConversationTooLongForTheContextSaysWhatToShorten() {
        fails("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"A very long document.\"}]}",
                e -> {
                    assertThat(e.code()).isEqualTo("llm.context_length");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("maximum context length is 128000 tokens", "shorten",
                            "--max-model-len");
                    assertThat(e.details().get("param").asText()).isEqualTo("messages");
                });
    }

    @Test
    void aWrongKeyIsAnAuthErrorThatQuotesNoPartOfIt() throws Exception {
        TestSystem wrong = LlmReplay.openAi(endpoint.server(), LlmReplay.WRONG_KEY);
        try {
            fails(wrong, "llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", e -> {
                assertThat(e.code()).isEqualTo("llm.auth");
                assertThat(e.getMessage())
                        .contains("Incorrect API key provided: [hidden]", "bearer credential")
                        .doesNotContain("6c5d");
            });
            try (SystemClient client = new LlmConnector().open(wrong)) {
                ConnectionTest verdict = client.test();
                assertThat(verdict.ok()).isFalse();
                assertThat(verdict.message()).contains("401").doesNotContain("6c5d", LlmReplay.WRONG_KEY);
            }
        } finally {
            LlmReplay.close(wrong);
        }
    }

    @Test
    void otherRefusalsAreInvalidWithTheEndpointsMessageAndServerErrorsAreRetryable() {
        fails("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"model\": \"gpt-9\"}",
                e -> {
                    assertThat(e.code()).isEqualTo("llm.invalid");
                    assertThat(e.getMessage()).contains("404", "model_not_found", "`gpt-9` does not exist",
                            "GET /models");
                });
        fails("llm.chat",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Fail on the server, please.\"}]}",
                e -> {
                    assertThat(e.code()).isEqualTo("llm.unavailable");
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void anErrorEventAfterTheStreamBeganFailsTheCallAsTheErrorSays() {
        fails("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Tell me a long story.\"}],"
                + " \"stream\": true}", e -> {
                    assertThat(e.code()).isEqualTo("llm.unavailable");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("(while streaming)", "server_error");
                });
    }

    @Test
    void aConnectionTestListsTheServedModels() throws Exception {
        try (SystemClient client = new LlmConnector().open(endpoint.openAi())) {
            ConnectionTest verdict = client.test();
            assertThat(verdict.ok()).as(verdict.message()).isTrue();
            assertThat(verdict.message()).contains("gpt-4o-mini", "text-embedding-3-small");
        }
    }

    @Test
    void inputsTheEndpointCannotTakeAreRefusedBeforeAnyRequestNamingTheField() {
        fails("llm.chat", "{\"messages\": [{\"role\": \"robot\", \"content\": \"Hi\"}]}", e -> {
            assertThat(e.code()).isEqualTo("llm.input");
            assertThat(e.getMessage()).contains("'messages[0]'", "robot");
        });
        fails("llm.chat", "{\"messages\": [{\"role\": \"tool\", \"content\": \"12\"}]}",
                e -> assertThat(e.getMessage()).contains("'messages[0].tool_call_id'"));
        fails("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": [{\"name\":"
                + " \"get order\"}]}",
                e -> assertThat(e.getMessage()).contains("'tools[0].name'", "get order"));
        fails("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": [{\"name\":"
                + " \"a\"}], \"toolChoice\": {\"name\": \"b\"}}",
                e -> assertThat(e.getMessage()).contains("'toolChoice'", "[a]"));
        fails("llm.extract",
                "{\"input\": \"x\", \"schema\": {\"$ref\": \"https://example.com/invoice.json\"}}",
                e -> {
                    assertThat(e.code()).isEqualTo("llm.input");
                    assertThat(e.getMessage()).contains("'schema'", "https://example.com/invoice.json",
                            "$defs");
                });
        fails("llm.classify", "{\"input\": \"x\", \"labels\": [\"only\"]}",
                e -> assertThat(e.getMessage()).contains("'labels'", "at least two"));
        fails("llm.embed", "{\"input\": [\"a\", 3]}", e -> assertThat(e.getMessage()).contains("'input[1]'"));
        assertThat(endpoint.server().received()).as("nothing was sent").isEmpty();
    }

    @Test
    void aSystemWithoutABaseUrlOrWithAnUnknownModeIsRefusedWhenItOpens() {
        assertThatThrownBy(() -> new LlmConnector().open(TestSystem.named("bad").withConfig(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"baseUrl\": \"ftp://x\"}"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("llm.config");
                    assertThat(e.getMessage()).contains("config.baseUrl", "ftp://x", "/v1");
                });
        assertThatThrownBy(() -> new LlmConnector().open(TestSystem.named("bad").withConfig(
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree("{\"baseUrl\": \"http://h:8000/v1\","
                                + " \"structuredOutput\": \"grammar\"}"))))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("config.structuredOutput", "grammar"));
    }
}
