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
 * An llm system that answers every {@code llm.chat} with {@code transcript} as its {@code content} (or fails
 * with {@code failure}), in the shape the llm connector's contract gives: the platform's seam between two
 * systems, not a vendor. Records the calls it was given.
 */
final class TranscribingSystem implements SystemClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final String transcript;
    private final ConnectorException failure;
    private final Runnable whileAnswering;

    TranscribingSystem(String transcript, ConnectorException failure) {
        this(transcript, failure, () -> {
        });
    }

    /** One that runs {@code whileAnswering} on each call: a test moves its clock there, as a slow model would. */
    TranscribingSystem(String transcript, ConnectorException failure, Runnable whileAnswering) {
        this.transcript = transcript;
        this.failure = failure;
        this.whileAnswering = whileAnswering;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        calls.add(call);
        whileAnswering.run();
        if (failure != null) {
            throw failure;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("content", transcript);
        out.putArray("toolCalls");
        out.put("finishReason", "stop");
        out.putObject("message").put("role", "assistant").put("content", transcript);
        out.put("model", "gpt-4o");
        out.putObject("usage").put("promptTokens", 1105).put("completionTokens", 30).put("totalTokens", 1135);
        out.put("latencyMs", 900);
        return out;
    }

    @Override
    public ConnectionTest test() {
        return ConnectionTest.ok("answers llm.chat");
    }

    @Override
    public void close() {
        // holds nothing
    }
}
