package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One assistant answer of a chat completion, whether it came whole or as a stream of chunks: its text, the
 * tools it calls (arguments as the model wrote them), why it stopped, the model that answered, the tokens
 * used and the tokens' log probabilities when asked for. Immutable.
 *
 * @param content the text, or null when the model only called tools
 * @param logprobs {@code choices[0].logprobs.content} (token, logprob) when the endpoint gave them, else null
 */
record Answer(String content, List<ToolCall> toolCalls, String finishReason, String model, Usage usage,
        JsonNode logprobs) {

    /** A tool the model calls: {@code arguments} is the JSON text it wrote. */
    record ToolCall(String id, String name, String arguments) {
    }

    Answer {
        toolCalls = List.copyOf(toolCalls);
    }

    /** The answer of a whole completion ({@code object: chat.completion}). */
    static Answer of(JsonNode completion) throws ConnectorException {
        JsonNode choice = completion.path("choices").path(0);
        if (!choice.isObject()) {
            throw ConnectorException.permanent("llm.not_api", "the endpoint answered a completion without"
                    + " choices[0] (" + abbreviated(completion)
                    + "); is config.baseUrl an OpenAI-compatible root?",
                    null, null);
        }
        JsonNode message = choice.path("message");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            calls.add(new ToolCall(call.path("id").asText(""), call.path("function").path("name").asText(""),
                    arguments(call.path("function").path("arguments"))));
        }
        JsonNode logprobs = choice.path("logprobs").path("content");
        return new Answer(text(message.path("content")), calls, text(choice.path("finish_reason")),
                completion.path("model").asText(""), Usage.of(completion.get("usage")),
                logprobs.isArray() ? logprobs : null);
    }

    /**
     * The answer of a stream's chunks ({@code object: chat.completion.chunk}): the content deltas joined, the
     * tool-call deltas joined by their {@code index} (the first carries the id and name, the rest pieces of
     * the arguments), the last finish reason, and the usage of the last chunk that has one.
     */
    static Answer ofChunks(List<JsonNode> chunks) {
        StringBuilder content = new StringBuilder();
        boolean anyContent = false;
        Map<Integer, String[]> calls = new TreeMap<>();
        String finish = null;
        String model = "";
        Usage usage = Usage.NONE;
        for (JsonNode chunk : chunks) {
            if (chunk.hasNonNull("model")) {
                model = chunk.get("model").asText();
            }
            if (chunk.path("usage").isObject()) {
                usage = Usage.of(chunk.get("usage"));
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual()) {
                content.append(delta.get("content").asText());
                anyContent = true;
            }
            for (JsonNode part : delta.path("tool_calls")) {
                String[] call = calls.computeIfAbsent(part.path("index").asInt(calls.size()),
                        i -> new String[]{"", "", ""});
                if (part.hasNonNull("id")) {
                    call[0] = part.get("id").asText();
                }
                JsonNode function = part.path("function");
                if (function.hasNonNull("name")) {
                    call[1] += function.get("name").asText();
                }
                if (function.hasNonNull("arguments")) {
                    call[2] += arguments(function.get("arguments"));
                }
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.get("finish_reason").asText();
            }
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        calls.values().forEach(c -> toolCalls.add(new ToolCall(c[0], c[1], c[2])));
        String text = anyContent && !(content.isEmpty() && !toolCalls.isEmpty()) ? content.toString() : null;
        return new Answer(text, toolCalls, finish, model, usage, null);
    }

    /** The answer as an assistant message in OpenAI's wire format, to append to the next turn's messages. */
    ObjectNode message() {
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("role", "assistant");
        m.put("content", content);
        if (!toolCalls.isEmpty()) {
            ArrayNode list = m.putArray("tool_calls");
            for (ToolCall c : toolCalls) {
                ObjectNode call = list.addObject().put("id", c.id()).put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
            }
        }
        return m;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /** Arguments are a JSON text; a server that sends them as an object gets them written as one. */
    private static String arguments(JsonNode value) {
        return value.isTextual()
                ? value.asText()
                : value.isMissingNode() || value.isNull() ? "" : value.toString();
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
