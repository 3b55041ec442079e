package dev.weft.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.EngineListener;
import dev.weft.engine.store.ExecutionRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sync webhooks waiting for their execution's first {@code respond} step (or its end, if it has none).
 * An engine listener; thread-safe.
 */
public final class SyncResponses implements EngineListener {

    /** What a waiting webhook learns: the response, or the execution's end without one. */
    public record Outcome(JsonNode response, ExecutionRecord finished) {
    }

    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    /** Registers interest before looking at the store, so that nothing is missed in between. */
    public CompletableFuture<Outcome> await(String executionId) {
        return waiting.computeIfAbsent(executionId, k -> new CompletableFuture<>());
    }

    public void forget(String executionId) {
        waiting.remove(executionId);
    }

    @Override
    public void responded(String executionId, JsonNode response) {
        CompletableFuture<Outcome> f = waiting.remove(executionId);
        if (f != null) {
            f.complete(new Outcome(response, null));
        }
    }

    @Override
    public void executionFinished(ExecutionRecord execution) {
        CompletableFuture<Outcome> f = waiting.remove(execution.id());
        if (f != null) {
            f.complete(new Outcome(null, execution));
        }
    }
}
