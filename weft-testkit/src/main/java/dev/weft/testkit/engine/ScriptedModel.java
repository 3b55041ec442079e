package dev.weft.testkit.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the {@code llm} connector in engine tests of the {@code agent} step: its {@code llm.chat}
 * answers with the reply the test scripted for that turn (the turn is one more than the assistant messages
 * in the conversation it is sent), in the {@code llm} connector's output shape. It tests the engine's
 * planning of turns, not a model or its wire format; the {@code llm} connector's own tests and the agent's
 * end-to-end test use a server speaking the OpenAI wire format. Thread-safe.
 */
public final class ScriptedModel implements Connector {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ConnectorSpec SPEC = ConnectorSpec.builder("llm", "1.0.0")
            .title("Scripted model (engine tests)")
            .description("Answers llm.chat with the replies a test scripted; stands for no model.")
            .operation(new OperationSpec("llm.chat", "Answers with the scripted reply of the turn.",
                    JSON.objectNode().put("type", "object"), JSON.objectNode(), true, List.of()))
            .build();

    private final List<JsonNode> replies = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    /**
     * Sets the replies of turns 1, 2, …: each {@code {"content": "..."}} (an answer) or
     * {@code {"toolCalls": [{"id", "name", "arguments"}]}}, optionally with {@code usage}.
     */
    public void script(String... jsonReplies) {
        replies.clear();
        for (String r : jsonReplies) {
            replies.add(EngineHarness.json(r));
        }
    }

    /** The scripted replies, to script another harness's model the same. */
    public String[] replies() {
        return replies.stream().map(JsonNode::toString).toArray(String[]::new);
    }

    /** Every llm.chat call received, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public SystemClient open(SystemContext context) {
        return new SystemClient() {
            @Override
            public JsonNode invoke(Call call) throws ConnectorException {
                calls.add(call);
                return reply(call.input());
            }

            @Override
            public ConnectionTest test() {
                return ConnectionTest.ok("the scripted model connects to nothing");
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    private JsonNode reply(JsonNode input) throws ConnectorException {
        int turn = 1;
        for (JsonNode m : input.path("messages")) {
            if ("assistant".equals(m.path("role").asText())) {
                turn++;
            }
        }
        if (turn > replies.size()) {
            throw ConnectorException.permanent("llm.script", "no reply scripted for turn " + turn, null,
                    null);
        }
        JsonNode scripted = replies.get(turn - 1);
        ObjectNode out = JSON.objectNode();
        ObjectNode message = JSON.objectNode().put("role", "assistant");
        out.set("content",
                scripted.path("content").isMissingNode() ? JSON.nullNode() : scripted.get("content"));
        message.set("content", out.get("content"));
        ArrayNode toolCalls = out.putArray("toolCalls");
        ArrayNode wire = JSON.arrayNode();
        for (JsonNode c : scripted.path("toolCalls")) {
            toolCalls.add(c);
            ObjectNode w = wire.addObject().put("id", c.path("id").asText()).put("type", "function");
            w.putObject("function").put("name", c.path("name").asText())
                    .put("arguments", c.path("arguments").toString());
        }
        if (!wire.isEmpty()) {
            message.set("tool_calls", wire);
        }
        out.put("finishReason", toolCalls.isEmpty() ? "stop" : "tool_calls");
        out.set("message", message);
        out.put("model", "scripted");
        out.set("usage", scripted.has("usage")
                ? scripted.get("usage")
                : JSON.objectNode().put("promptTokens", 10).put("completionTokens", 5).put("totalTokens",
                        15));
        out.put("latencyMs", 0);
        return out;
    }
}
