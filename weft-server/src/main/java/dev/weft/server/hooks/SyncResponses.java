package dev.weft.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.EngineListener;
import dev.weft.engine.store.ExecutionRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sync webhooks waiting for their execution's first {@code respond} step (or its end, if it has none).
 * An engine listener; thread-safe.
 *
 * <p>It listens to an execution of a sync webhook from the commit that creates it ({@link #executionStarted},
 * heard before anything the execution does): the engine inserts the execution together with its first
 * steps, so a flow that answers at once has answered before {@code start} returns to the webhook.
 */
public final class SyncResponses implements EngineListener {
    /** The {@code mode} of a webhook trigger (and of {@code trigger.mode}) that waits for the answer. */
    public static final String SYNC = "sync";

    /** What a waiting webhook learns: the response, or the execution's end without one. */
    public record Outcome(JsonNode response, ExecutionRecord finished) {
    }

    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    /**
     * Registers interest before looking at the store, so that nothing is missed in between; the future of an
     * execution heard from its start may be complete already.
     */
    public CompletableFuture<Outcome> await(String executionId) {
        return waiting.computeIfAbsent(executionId, k -> new CompletableFuture<>());
    }

    /** The webhook has its answer, or stopped waiting: called by every {@link #await}er when done. */
    public void forget(String executionId) {
        waiting.remove(executionId);
    }

    /** An execution of a sync webhook: its answer is kept for the webhook, which waits for it next. */
    @Override
    public void executionStarted(ExecutionRecord execution) {
        JsonNode trigger = execution.trigger();
        // A replay copies its original's trigger, but no webhook waits for it
        if (trigger != null && "webhook".equals(trigger.path("type").asText())
                && SYNC.equals(trigger.path("mode").asText()) && !trigger.has("replayOf")) {
            await(execution.id());
        }
    }

    @Override
    public void responded(String executionId, JsonNode response) {
        // Kept until the webhook forgets it: it may not have asked yet. The first answer wins.
        CompletableFuture<Outcome> f = waiting.get(executionId);
        if (f != null) {
            f.complete(new Outcome(response, null));
        }
    }

    @Override
    public void executionFinished(ExecutionRecord execution) {
        CompletableFuture<Outcome> f = waiting.get(execution.id());
        if (f != null) {
            f.complete(new Outcome(null, execution));
        }
    }
}
