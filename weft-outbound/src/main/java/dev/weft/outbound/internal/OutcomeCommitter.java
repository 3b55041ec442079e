package dev.weft.outbound.internal;

import dev.weft.engine.store.webhook.AttemptOutcome;
import dev.weft.engine.store.webhook.WebhookStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of attempt outcomes: outcomes from many deliveries wait here while the previous batch is
 * written, then go to the store in one transaction. Callers block until theirs is durable. Thread-safe.
 */
final class OutcomeCommitter implements AutoCloseable {
    static final int MAX_BATCH = 1000;
    /** How long a sender waits for its outcome to be written before it gives the delivery up to its lease. */
    static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(30);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutcomeCommitter.class);

    private record Request(AttemptOutcome outcome, CompletableFuture<Boolean> done) {
    }

    private final WebhookStore store;
    private final Clock clock;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    OutcomeCommitter(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.writer = Thread.ofPlatform().name("weft-webhooks-commit").daemon(true).start(this::loop);
    }

    /** Writes the outcome with others; true when applied, false when the lease was lost. Blocks until durable. */
    boolean record(AttemptOutcome outcome) {
        if (closed) {
            throw new IllegalStateException(
                    "the webhook dispatcher is stopping; the outcome is not recorded");
        }
        Request r = new Request(outcome, new CompletableFuture<>());
        queue.add(r);
        try {
            return r.done().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the outcome of delivery " + outcome.attempt().deliveryId()
                    + " was not written within " + MAX_WAIT + "; its lease expires and it is sent again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the outcome was written", e);
        }
    }

    private void loop() {
        List<Request> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                batch.clear();
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(List<Request> batch) {
        try {
            List<Boolean> applied = store.record(batch.stream().map(Request::outcome).toList(),
                    clock.instant());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(applied.get(i));
            }
        } catch (RuntimeException | Error e) {
            for (Request r : batch) {
                r.done().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Request r;
        while ((r = queue.poll()) != null) {
            r.done().completeExceptionally(new IllegalStateException("the webhook dispatcher stopped"));
        }
    }
}
