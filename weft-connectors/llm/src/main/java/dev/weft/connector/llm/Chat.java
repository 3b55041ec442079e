package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code llm.chat}: the step's input as an OpenAI chat completion request, and the answer as the step's
 * output. Messages pass through as given; tools are sent as OpenAI functions. Also builds the requests of
 * {@code llm.extract} and {@code llm.classify}, which are chats too. Stateless.
 */
final class Chat {
    static final String OPERATION = "llm.chat";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    /** OpenAI's rule for a function's name. */
    private static final String TOOL_NAME = "[A-Za-z0-9_-]{1,64}";

    private Chat() {
    }

    /** The request body of an {@code llm.chat} call. */
    static ObjectNode request(Settings settings, JsonNode input) throws ConnectorException {
        Inputs in = Inputs.ofOperation(OPERATION);
        ObjectNode body = base(settings, in, input);
        body.set("messages", messages(in, input.get("messages")));
        JsonNode stop = input.get("stop");
        if (stop != null && !stop.isNull()) {
            if (!stop.isTextual() && !(stop.isArray() && stop.size() <= 4)) {
                throw in.invalid("stop", "must be a string or a list of up to 4 strings, but was " + stop);
            }
            body.set("stop", stop);
        }
        if (input.hasNonNull("seed")) {
            if (!input.get("seed").isIntegralNumber()) {
                throw in.invalid("seed", "must be an integer, but was " + input.get("seed"));
            }
            body.set("seed", input.get("seed"));
        }
        Set<String> names = tools(in, input.get("tools"), body);
        JsonNode choice = input.get("toolChoice");
        if (choice != null && !choice.isNull()) {
            body.set("tool_choice", toolChoice(in, choice, names));
        }
        if (in.bool(input, "stream", false)) {
            body.put("stream", true);
            // The last chunk then carries the usage, which the step's output and the metrics need.
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    /** {@code model}, {@code temperature} and {@code max_tokens}: the step's, else the system's defaults. */
    static ObjectNode base(Settings settings, Inputs in, JsonNode input) throws ConnectorException {
        ObjectNode body = NODES.objectNode();
        String model = in.text(input, "model", settings.model());
        if (model == null || model.isBlank()) {
            throw in.invalid("model", "is required: name the model in the step, or give the system a default"
                    + " config.model (such as the name vLLM serves, or llama3.1 on Ollama)");
        }
        body.put("model", model);
        JsonNode t = input.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                throw in.invalid("temperature", "must be a number from 0 to 2, but was " + t);
            }
            body.set("temperature", t);
        } else if (settings.temperature() != null) {
            body.put("temperature", settings.temperature());
        }
        int maxTokens = in.integer(input, "maxTokens",
                settings.maxTokens() == null ? 0 : settings.maxTokens(), 1,
                Integer.MAX_VALUE);
        if (maxTokens > 0) {
            body.put("max_tokens", maxTokens);
        }
        return body;
    }

    private static ArrayNode messages(Inputs in, JsonNode messages) throws ConnectorException {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw in.invalid("messages",
                    "must be a non-empty list of OpenAI chat messages, such as [{\"role\":"
                            + " \"user\", \"content\": \"Hello\"}], but was "
                            + (messages == null ? "missing" : messages));
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            if (!m.isObject() || !ROLES.contains(role)) {
                throw in.invalid("messages[" + i + "]",
                        "must be a message with a role of system, developer, user,"
                                + " assistant or tool, but was " + abbreviate(m));
            }
            if (role.equals("tool") && !m.path("tool_call_id").isTextual()) {
                throw in.invalid("messages[" + i + "].tool_call_id",
                        "is required on a tool message: the id of"
                                + " the assistant's tool call it answers (toolCalls[].id of the turn before)");
            }
        }
        return (ArrayNode) messages;
    }

    /** Sends {@code tools} as OpenAI functions; answers their names. */
    private static Set<String> tools(Inputs in, JsonNode tools, ObjectNode body) throws ConnectorException {
        Set<String> names = new HashSet<>();
        if (tools == null || tools.isNull()) {
            return names;
        }
        if (!tools.isArray()) {
            throw in.invalid("tools", "must be a list of {name, description, parameters}, but was " + tools);
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String name = tool.path("name").asText("");
            if (!name.matches(TOOL_NAME)) {
                throw in.invalid("tools[" + i + "].name", "must be 1 to 64 letters, digits, _ or -, such as"
                        + " get_order, but was '" + name + "'");
            }
            if (!names.add(name)) {
                throw in.invalid("tools[" + i + "].name",
                        "repeats '" + name + "': each tool needs its own name");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function").put("name",
                    name);
            if (tool.hasNonNull("description")) {
                function.put("description", tool.get("description").asText());
            }
            JsonNode parameters = tool.get("parameters");
            if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                throw in.invalid("tools[" + i + "].parameters",
                        "must be a JSON Schema object such as {\"type\":"
                                + " \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}, but was "
                                + parameters);
            }
            function.set("parameters", parameters == null || parameters.isNull()
                    ? NODES.objectNode().put("type", "object").set("properties", NODES.objectNode())
                    : parameters);
        }
        if (!out.isEmpty()) {
            body.set("tools", out);
        }
        return names;
    }

    private static JsonNode toolChoice(Inputs in, JsonNode choice, Set<String> names)
            throws ConnectorException {
        if (choice.isTextual() && Set.of("auto", "none", "required").contains(choice.asText())) {
            return choice;
        }
        String name = choice.path("name").asText("");
        if (!choice.isObject() || !names.contains(name)) {
            throw in.invalid("toolChoice",
                    "must be \"auto\", \"none\", \"required\" or {\"name\": <one of the"
                            + " tools>} (the tools are " + names + "), but was " + choice);
        }
        ObjectNode forced = NODES.objectNode().put("type", "function");
        forced.putObject("function").put("name", name);
        return forced;
    }

    /** The step's output of {@code answer}. */
    static ObjectNode output(Answer answer, long latencyMs) throws ConnectorException {
        ObjectNode out = NODES.objectNode();
        out.put("content", answer.content());
        ArrayNode calls = out.putArray("toolCalls");
        for (Answer.ToolCall c : answer.toolCalls()) {
            calls.addObject().put("id", c.id()).put("name", c.name()).set("arguments", arguments(c));
        }
        out.put("finishReason", answer.finishReason());
        out.set("message", answer.message());
        out.put("model", answer.model());
        out.set("usage", answer.usage().toJson());
        out.put("latencyMs", latencyMs);
        return out;
    }

    /** A tool call's arguments as an object; the model's text when it is not one is an error naming the tool. */
    private static JsonNode arguments(Answer.ToolCall call) throws ConnectorException {
        String text = call.arguments().isBlank() ? "{}" : call.arguments();
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            ObjectNode details = NODES.objectNode().put("tool", call.name()).put("toolCallId", call.id())
                    .put("arguments", abbreviate(NODES.textNode(text)));
            throw ConnectorException.permanent("llm.bad_tool_call", "the model called tool '" + call.name()
                    + "' with arguments that are not a JSON object: " + abbreviate(NODES.textNode(text))
                    + " (try again, lower the temperature, or use a model that supports tool calls)", details,
                    null);
        }
        return parsed;
    }

    static String abbreviate(JsonNode node) {
        String text = node.isTextual() ? node.asText() : node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
