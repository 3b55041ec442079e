package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import dev.weft.connector.SystemClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One system's client: an OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp's server, Ollama's {@code /v1})
 * for chats with tools, extraction to a JSON Schema, classification and embeddings. Holds nothing of its own
 * but the settings; every request goes through the platform's transport. Thread-safe.
 */
final class LlmClient implements SystemClient {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ModelEndpoint endpoint;

    LlmClient(ModelEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        long started = System.nanoTime();
        return switch (call.operation()) {
            case Chat.OPERATION -> {
                Answer answer = endpoint.chat(Chat.request(endpoint.settings(), call.input()), call, 1,
                        started);
                yield Chat.output(answer, (System.nanoTime() - started) / 1_000_000);
            }
            case Extract.OPERATION -> Extract.run(endpoint, call, started);
            case Classify.OPERATION -> Classify.run(endpoint, call, started);
            case "llm.embed" -> embed(call, started);
            default -> throw ConnectorException.permanent("llm.unknown_operation", "the llm connector has no"
                    + " operation " + call.operation()
                    + "; it has llm.chat, llm.extract, llm.classify and llm.embed",
                    null, null);
        };
    }

    private JsonNode embed(Call call, long started) throws ConnectorException {
        Inputs in = Inputs.ofOperation("llm.embed");
        JsonNode given = call.input().get("input");
        boolean one = given != null && given.isTextual();
        if (!one && (given == null || !given.isArray() || given.isEmpty())) {
            throw in.invalid("input", "must be a text or a non-empty list of texts to embed, but was "
                    + (given == null ? "missing" : Chat.abbreviate(given)));
        }
        if (!one) {
            for (int i = 0; i < given.size(); i++) {
                if (!given.get(i).isTextual() || given.get(i).asText().isEmpty()) {
                    throw in.invalid("input[" + i + "]", "must be a non-empty text, but was " + given.get(i));
                }
            }
        }
        String model = in.text(call.input(), "model", endpoint.settings().model());
        if (model == null || model.isBlank()) {
            throw in.invalid("model", "is required: name the embedding model in the step (such as"
                    + " text-embedding-3-small, or nomic-embed-text on Ollama), or give the system a config.model");
        }
        ObjectNode body = NODES.objectNode().put("model", model);
        body.set("input", given);
        JsonNode answer = endpoint.post("/embeddings", body, call, 1, endpoint.timeLeft(call, started));
        // The answer's items carry their input's index; they are put back in the input's order.
        List<JsonNode> vectors = new ArrayList<>();
        for (JsonNode item : answer.path("data")) {
            int index = item.path("index").asInt(vectors.size());
            while (vectors.size() <= index) {
                vectors.add(null);
            }
            vectors.set(index, item.path("embedding"));
        }
        int expected = one ? 1 : given.size();
        if (vectors.size() != expected || vectors.contains(null)
                || vectors.stream().anyMatch(v -> !v.isArray() || v.isEmpty())) {
            throw ConnectorException.permanent("llm.not_api", "POST /embeddings answered " + vectors.size()
                    + " embeddings of numbers for " + expected + " input" + (expected == 1 ? "" : "s")
                    + "; is the model an embedding model (vLLM serves one with --task embed; llama.cpp with"
                    + " --embeddings)?", null, null);
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode embeddings = out.putArray("embeddings");
        vectors.forEach(embeddings::add);
        out.put("dimensions", vectors.get(0).size()).put("model", answer.path("model").asText(model));
        out.set("usage", Usage.of(answer.get("usage")).toJson());
        out.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        return out;
    }

    /** Lists the endpoint's models ({@code GET /models}, which OpenAI, vLLM, llama.cpp and Ollama answer). */
    @Override
    public ConnectionTest test() {
        try {
            JsonNode models = endpoint.get("/models", TEST_TIMEOUT);
            List<String> ids = new ArrayList<>();
            models.path("data").forEach(m -> ids.add(m.path("id").asText()));
            String model = endpoint.settings().model();
            String root = endpoint.settings().baseUrl();
            if (model != null && !ids.isEmpty() && !ids.contains(model)) {
                return ConnectionTest.failed(root + " answered, but does not serve config.model '" + model
                        + "'; it serves " + abbreviate(ids));
            }
            return ConnectionTest.ok(root + " answered; it serves " + (ids.isEmpty()
                    ? "no model it lists"
                    : abbreviate(ids)));
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 10
                ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 10)) + " and "
                        + (ids.size() - 10) + " more";
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
