package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chats, tool calls, streams, extraction and classification on the replay of OpenAI's documented API. */
class LlmReplayIT {
    @RegisterExtension
    final LlmEndpoint endpoint = LlmEndpoint.perTest();
    static final String INVOICE_SCHEMA = "{\"type\": \"object\", \"additionalProperties\": false, \"required\":"
            + " [\"number\", \"date\", \"total\", \"currency\"], \"properties\": {\"number\": {\"type\": \"string\"},"
            + " \"date\": {\"type\": \"string\", \"format\": \"date\"}, \"total\": {\"type\": \"number\"},"
            + " \"currency\": {\"type\": \"string\", \"pattern\": \"^[A-Z]{3}$\"}}}";
    static final String INVOICE = "Invoice INV-2026-114 from ACME GmbH, dated 3 December 2026. Total due: 1,250.00 EUR.";
    private static final String ORDER_TOOL = "{\"name\": \"get_order\", \"description\": \"Reads an order by its"
            + " number\", \"parameters\": {\"type\": \"object\", \"properties\": {\"number\": {\"type\": \"integer\"}},"
            + " \"required\": [\"number\"]}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode call(TestSystem on, String operation, String input) throws Exception {
        try (SystemClient client = new LlmConnector().open(on)) {
            return client.invoke(new Call(operation, JSON.readTree(input), "exec-1:" + operation,
                    Duration.ofSeconds(10), new Cancellation()));
        }
    }

    private JsonNode call(String operation, String input) throws Exception {
        return call(endpoint.openAi(), operation, input);
    }

    private static void fails(ThrowingCallable call, Consumer<ConnectorException> check) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConnectorException.class, e -> {
            for (String key : List.of(LlmReplay.KEY, LlmReplay.WRONG_KEY)) {
                assertThat(e.getMessage()).doesNotContain(key);
                assertThat(e.details().toString()).doesNotContain(key);
            }
            check.accept(e);
        });
    }

    private JsonNode sent(int i) throws Exception {
        return JSON.readTree(endpoint.server().received().get(i).body());
    }

    @Test
    void aPlainChatAnswersItsTextItsUsageAndTheMessageToAppend() throws Exception {
        JsonNode out = call("llm.chat",
                "{\"messages\": [{\"role\": \"system\", \"content\": \"You answer in one"
                        + " sentence.\"}, {\"role\": \"user\", \"content\": \"What is an idempotency key?\"}], \"temperature\":"
                        + " 0}");
        assertThat(out.get("content").asText()).startsWith("An idempotency key is");
        assertThat(out.get("toolCalls")).isEmpty();
        assertThat(out.get("finishReason").asText()).isEqualTo("stop");
        assertThat(out.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(out.get("usage").toString()).isEqualTo(
                "{\"promptTokens\":31,\"completionTokens\":27,\"totalTokens\":58}");
        assertThat(out.get("message")).isEqualTo(JSON.createObjectNode().put("role", "assistant")
                .put("content", out.get("content").asText()));
        assertThat(out.get("latencyMs").asLong()).isNotNegative();
        assertThat(endpoint.server().received().getFirst().header("Authorization"))
                .isEqualTo("Bearer " + LlmReplay.KEY);
        assertThat(out.toString()).doesNotContain(LlmReplay.KEY);
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }

    @Test
    void aToolCallComesBackParsedAndItsMessageCarriesTheConversationToTheNextTurn() throws Exception {
        JsonNode first = call("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Where is order"
                + " 1042?\"}], \"tools\": [" + ORDER_TOOL + "], \"toolChoice\": \"auto\"}");
        assertThat(first.get("content").isNull()).isTrue();
        assertThat(first.get("finishReason").asText()).isEqualTo("tool_calls");
        JsonNode toolCall = first.get("toolCalls").get(0);
        assertThat(toolCall.get("name").asText()).isEqualTo("get_order");
        assertThat(toolCall.get("arguments")).isEqualTo(JSON.readTree("{\"number\": 1042}"));
        assertThat(sent(0).at("/tools/0")).as("sent as an OpenAI function").isEqualTo(JSON.readTree(
                "{\"type\": \"function\", \"function\": " + ORDER_TOOL + "}"));
        assertThat(first.at("/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"number\":1042}");

        ArrayNode messages = JSON.createArrayNode();
        messages.addObject().put("role", "user").put("content", "Where is order 1042?");
        messages.add(first.get("message"));
        messages.addObject().put("role", "tool").put("tool_call_id", toolCall.get("id").asText())
                .put("content", "{\"status\": \"shipped\", \"shippedOn\": \"2026-12-04\"}");
        ObjectNode next = JSON.createObjectNode().set("messages", messages);
        next.set("tools", JSON.readTree("[" + ORDER_TOOL + "]"));
        JsonNode second = call("llm.chat", next.toString());
        assertThat(second.get("content").asText()).contains("Order 1042 was shipped");
        assertThat(second.get("finishReason").asText()).isEqualTo("stop");
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }

    @Test
    void aStreamedAnswerIsCollectedIntoOneResultWithTheUsageOfItsLastChunk() throws Exception {
        JsonNode out = call("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}],"
                + " \"stream\": true}");
        assertThat(out.get("content").asText()).isEqualTo("Hello! How can I help?");
        assertThat(out.get("finishReason").asText()).isEqualTo("stop");
        assertThat(out.get("usage").get("totalTokens").asInt()).isEqualTo(16);
        assertThat(endpoint.server().received().getFirst().header("Accept")).isEqualTo("text/event-stream");
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }

    @Test
    void streamedToolCallDeltasAreJoinedByTheirIndex() throws Exception {
        JsonNode out = call("llm.chat",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"What is the weather in"
                        + " Boston and in Paris?\"}], \"stream\": true, \"tools\": [{\"name\": \"get_weather\","
                        + " \"description\": \"The current weather of a city\", \"parameters\": {\"type\": \"object\","
                        + " \"properties\": {\"location\": {\"type\": \"string\"}}, \"required\": [\"location\"]}}]}");
        assertThat(out.get("content").isNull()).isTrue();
        assertThat(out.get("finishReason").asText()).isEqualTo("tool_calls");
        assertThat(out.get("toolCalls"))
                .extracting(c -> c.get("id").asText() + " " + c.get("name").asText() + " "
                        + c.get("arguments"))
                .containsExactly("call_boston01 get_weather {\"location\":\"Boston\"}",
                        "call_paris02 get_weather {\"location\":\"Paris\"}");
        assertThat(out.at("/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"location\": \"Boston\"}");
        assertThat(out.get("usage").get("promptTokens").asInt()).isEqualTo(81);
    }

    @Test
    void toolArgumentsThatAreNotAJsonObjectAreABadToolCallNamingTheTool() {
        fails(() -> call("llm.chat", "{\"messages\": [{\"role\": \"user\", \"content\": \"Where is order"
                + " ten?\"}]}"), e -> {
                    assertThat(e.code()).isEqualTo("llm.bad_tool_call");
                    assertThat(e.getMessage()).contains("tool 'get_order'", "{\"number\": 10");
                    assertThat(e.details().get("toolCallId").asText()).isEqualTo("call_bad0");
                });
    }

    @Test
    void anExtractionThatFitsAtOnceTakesOneRequestHeldToTheSchemaStrictly() throws Exception {
        JsonNode out = call("llm.extract", "{\"input\": \"" + INVOICE + "\", \"schema\": " + INVOICE_SCHEMA
                + ", \"instructions\": \"Dates as YYYY-MM-DD.\"}");
        assertThat(out.get("value")).isEqualTo(JSON.readTree("{\"number\": \"INV-2026-114\", \"date\":"
                + " \"2026-12-03\", \"total\": 1250.00, \"currency\": \"EUR\"}"));
        assertThat(out.get("attempts").asInt()).isEqualTo(1);
        assertThat(out.get("mode").asText()).isEqualTo("json_schema");
        assertThat(out.at("/usage/totalTokens").asInt()).isEqualTo(170);
        assertThat(sent(0).at("/messages/0/content").asText()).endsWith("Dates as YYYY-MM-DD.");
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }

    @Test
    void anAnswerThatBreaksTheSchemaIsSentBackWithItsProblemsAndRepaired() throws Exception {
        JsonNode out = call("llm.extract",
                "{\"input\": \"Order 77 for Globex: twelve hundred euros, to be paid by"
                        + " the end of the month.\", \"schema\": {\"type\": \"object\", \"required\": [\"customer\","
                        + " \"total\"], \"properties\": {\"customer\": {\"type\": \"string\"}, \"total\": {\"type\":"
                        + " \"number\"}, \"currency\": {\"type\": \"string\"}}}}");
        assertThat(out.get("value").get("total").asInt()).isEqualTo(1200);
        assertThat(out.get("attempts").asInt()).isEqualTo(2);
        assertThat(out.get("usage").toString()).as("both attempts").isEqualTo(
                "{\"promptTokens\":310,\"completionTokens\":34,\"totalTokens\":344}");
        assertThat(sent(0).at("/response_format/json_schema/strict").asBoolean())
                .as("a schema that allows other properties cannot be strict").isFalse();
        JsonNode repair = sent(1).get("messages");
        assertThat(repair.get(2).get("content").asText()).contains("\"1,200.00\"");
        assertThat(repair.get(3).get("content").asText()).contains("/total: expected number, was string");
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }

    @Test
    void anAnswerThatNeverFitsFailsNamingTheSchemaPaths() {
        fails(() -> call("llm.extract",
                "{\"input\": \"Thanks for shopping with us! Have a nice day.\", \"schema\":"
                        + " {\"type\": \"object\", \"required\": [\"total\", \"date\"], \"properties\": {\"total\": {\"type\":"
                        + " \"number\"}, \"date\": {\"type\": \"string\"}}}, \"maxRepairs\": 1}"),
                e -> {
                    assertThat(e.code()).isEqualTo("llm.extract_invalid");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("after 2 attempts",
                            "/total: expected number, was null",
                            "/date: required, but missing");
                    assertThat(e.details().get("problems")).hasSize(2);
                    assertThat(e.details().at("/usage/promptTokens").asInt()).isEqualTo(190);
                });
        assertThat(endpoint.server().received()).hasSize(2);
    }

    @Test
    void anEndpointWithoutStructuredOutputGetsTheSchemaInItsInstructionsAndItsJsonIsReadFromProse()
            throws Exception {
        TestSystem vllm = LlmReplay.vllm(endpoint.server(), "none");
        try {
            JsonNode out = call(vllm, "llm.extract", "{\"input\": \"" + INVOICE + "\", \"schema\": {\"type\":"
                    + " \"object\", \"required\": [\"number\", \"total\"], \"properties\": {\"number\": {\"type\":"
                    + " \"string\"}, \"total\": {\"type\": \"number\"}}}}");
            assertThat(out.get("value"))
                    .isEqualTo(JSON.readTree("{\"number\": \"INV-2026-114\", \"total\": 1250.0}"));
            assertThat(out.get("mode").asText()).isEqualTo("none");
            assertThat(out.get("model").asText()).isEqualTo(LlmReplay.VLLM_MODEL);
            assertThat(sent(0).has("response_format")).isFalse();
            assertThat(sent(0).at("/messages/0/content").asText()).contains("JSON Schema", "\"required\"");
            assertThat(endpoint.server().received().getFirst().header("Authorization"))
                    .as("a server without a key")
                    .isNull();
        } finally {
            LlmReplay.close(vllm);
        }
    }

    @Test
    void aClassificationIsScoredByTheLogProbabilitiesOfTheLabelsTokens() throws Exception {
        JsonNode out = call("llm.classify", "{\"input\": \"My parcel was due on Monday and has still not"
                + " arrived.\", \"labels\": [\"delivery\", \"billing\", \"returns\", \"other\"]}");
        assertThat(out.get("label").asText()).isEqualTo("delivery");
        assertThat(out.get("scoreFrom").asText()).isEqualTo("logprobs");
        assertThat(out.get("score").asDouble()).isCloseTo(Math.exp(-0.0513), Offset.offset(1e-9));
        assertThat(sent(0).get("logprobs").asBoolean()).isTrue();
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }

    @Test
    void aLabelNotInTheListIsAskedForOnceMoreAndThenRefused() throws Exception {
        JsonNode out = call("llm.classify", "{\"input\": \"I want my money back for the broken kettle.\","
                + " \"labels\": [\"delivery\", \"billing\", \"returns\", \"other\"]}");
        assertThat(out.get("label").asText()).isEqualTo("returns");
        assertThat(out.get("scoreFrom").asText()).as("the endpoint gave no logprobs").isEqualTo("stated");
        assertThat(out.get("score").asDouble()).isEqualTo(0.7);
        assertThat(out.at("/usage/promptTokens").asInt()).isEqualTo(210);
        assertThat(sent(1).at("/messages/3/content").asText())
                .contains("\"refund\" is not one of the labels");

        fails(() -> call("llm.classify", "{\"input\": \"Hello? Is anyone there?\", \"labels\": [\"delivery\","
                + " \"billing\"]}"), e -> {
                    assertThat(e.code()).isEqualTo("llm.classify_invalid");
                    assertThat(e.getMessage()).contains("\"greeting\"", "[delivery, billing]");
                });
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }

    @Test
    void embeddingsComeBackInTheInputsOrder() throws Exception {
        JsonNode two = call("llm.embed", "{\"input\": [\"Stainless steel water bottle, 750 ml\", \"Insulated"
                + " coffee mug, 350 ml\"], \"model\": \"text-embedding-3-small\"}");
        assertThat(two.get("embeddings").get(0).get(0).asDouble()).isEqualTo(0.0023);
        assertThat(two.get("embeddings").get(1).get(0).asDouble()).isEqualTo(0.0121);
        assertThat(two.get("dimensions").asInt()).isEqualTo(4);
        assertThat(two.get("usage").toString()).isEqualTo("{\"promptTokens\":14,\"totalTokens\":14}");
        JsonNode one = call("llm.embed", "{\"input\": \"Stainless steel water bottle, 750 ml\", \"model\":"
                + " \"text-embedding-3-small\"}");
        assertThat(one.get("embeddings")).hasSize(1);
        assertThat(endpoint.server().unmatched()).as(endpoint.server().toString()).isEmpty();
    }
}
