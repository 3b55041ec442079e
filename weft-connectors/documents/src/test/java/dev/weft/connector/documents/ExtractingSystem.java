package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An llm system that answers every {@code llm.extract} with {@code answer} (or fails with {@code failure})
 * in the shape the llm connector's contract gives: value, attempts, mode, usage, latencyMs, model. It stands
 * for another system of the tenant behind {@code SystemContext.callSystem}, the platform's seam, not for a
 * vendor. Records the calls it was given.
 */
final class ExtractingSystem implements SystemClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final JsonNode answer;
    final ConnectorException failure;

    ExtractingSystem(JsonNode answer, ConnectorException failure) {
        this.answer = answer;
        this.failure = failure;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        calls.add(call);
        if (failure != null) {
            throw failure;
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("value", answer);
        out.put("attempts", 1);
        out.put("mode", "json_schema");
        out.putObject("usage").put("promptTokens", 812).put("completionTokens", 41).put("totalTokens",
                853);
        out.put("latencyMs", 420);
        out.put("model", "gpt-4o-mini");
        return out;
    }

    @Override
    public ConnectionTest test() {
        return ConnectionTest.ok("answers llm.extract");
    }

    @Override
    public void close() {
        // holds nothing
    }
}
