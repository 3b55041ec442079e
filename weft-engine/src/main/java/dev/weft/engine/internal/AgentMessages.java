package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conversation of an agent step in the OpenAI chat format that {@code llm.chat} takes, built from its
 * recorded plan and turns; pure functions of them.
 */
final class AgentMessages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AgentMessages() {
    }

    /** The instructions (a system message) and the goal (a user message). */
    static ArrayNode initial(JsonNode plan) {
        ArrayNode messages = JSON.arrayNode();
        if (plan.hasNonNull("instructions") && !plan.get("instructions").asText().isBlank()) {
            messages.addObject().put("role", "system").put("content", plan.get("instructions").asText());
        }
        messages.addObject().put("role", "user").put("content", plan.path("goal").asText());
        return messages;
    }

    /**
     * The input of one model turn: the conversation so far, the tools, and the step's model options. With
     * {@code noTools} (the last allowed turn, or no tool calls left) the model is asked to answer instead.
     */
    static ObjectNode chatInput(JsonNode plan, ArrayNode messages, boolean noTools) {
        ObjectNode input = JSON.objectNode();
        JsonNode model = plan.path("model");
        if (model.isObject()) {
            model.properties().forEach(e -> input.set(e.getKey(), e.getValue()));
        }
        input.set("messages", messages.deepCopy());
        ArrayNode tools = input.putArray("tools");
        for (JsonNode tool : plan.path("tools")) {
            ObjectNode t = tools.addObject();
            t.put("name", tool.path("name").asText());
            t.put("description", tool.path("description").asText());
            t.set("parameters", tool.path("parameters"));
        }
        if (tools.isEmpty()) {
            input.remove("tools");
        } else if (noTools) {
            input.put("toolChoice", "none");
        }
        return input;
    }

    /** Adds a turn's {@code usage} to the running total. */
    static void addUsage(ObjectNode total, JsonNode usage) {
        for (String kind : List.of("promptTokens", "completionTokens", "totalTokens")) {
            total.put(kind, total.path(kind).asLong() + usage.path(kind).asLong());
        }
    }

    /** The model's message as the next turn sends it back. */
    static JsonNode assistant(JsonNode output) {
        if (output.path("message").isObject()) {
            return output.get("message");
        }
        ObjectNode message = JSON.objectNode().put("role", "assistant");
        message.set("content",
                output.path("content").isMissingNode() ? JSON.nullNode() : output.get("content"));
        return message;
    }

    /** The tool the step allows by {@code name}, or null. */
    static JsonNode tool(JsonNode plan, String name) {
        for (JsonNode tool : plan.path("tools")) {
            if (tool.path("name").asText().equals(name)) {
                return tool;
            }
        }
        return null;
    }

    static String toolNames(JsonNode plan) {
        List<String> names = new ArrayList<>();
        plan.path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** What a tool call is given: the model's arguments, with the inputs the flow fixed put over them. */
    static ObjectNode toolInput(JsonNode tool, JsonNode call) {
        ObjectNode input = call.path("arguments").isObject()
                ? ((ObjectNode) call.get("arguments")).deepCopy()
                : JSON.objectNode();
        if (tool != null && tool.path("with").isObject()) {
            for (Map.Entry<String, JsonNode> e : tool.get("with").properties()) {
                input.set(e.getKey(), e.getValue());
            }
        }
        return input;
    }

    /** What a person approving the call sees (the approval sub-step's input). */
    static ObjectNode approvalRequest(String signal, String toolPath, JsonNode tool, JsonNode call) {
        ObjectNode request = JSON.objectNode();
        request.put("signal", signal);
        request.put("call", toolPath);
        request.put("tool", tool.path("name").asText());
        request.put("operation", tool.path("operation").asText());
        request.set("system", tool.path("system"));
        request.set("input", toolInput(tool, call));
        return request;
    }

    /**
     * The tool's answer as the model reads it: the output as JSON text, or the error, cut at
     * {@link AgentTurns#MAX_TOOL_RESULT_CHARS}.
     */
    static ObjectNode toolResult(JsonNode call, JsonNode output, JsonNode error) {
        String text;
        if (error != null && !error.isNull()) {
            ObjectNode e = JSON.objectNode();
            e.set("code", error.path("code"));
            e.set("message", error.path("message"));
            text = JSON.objectNode().set("error", e).toString();
        } else {
            text = output == null ? "null" : output.toString();
        }
        if (text.length() > AgentTurns.MAX_TOOL_RESULT_CHARS) {
            text = text.substring(0, AgentTurns.MAX_TOOL_RESULT_CHARS) + " … (cut: the result has "
                    + text.length() + " characters; ask for less)";
        }
        return JSON.objectNode().put("role", "tool").put("tool_call_id", call.path("id").asText())
                .put("content", text);
    }
}
