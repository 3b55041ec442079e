package dev.weft.engine.internal;

import dev.weft.engine.CommitStats;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.PreparedTransitions;
import dev.weft.engine.store.Transition;
import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.AuditScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit: transitions from many executions wait here while the previous batch is being written,
 * then go to the store together in one transaction and one fsync. Callers block until their transitions
 * are durable, so "committed before the next step starts" holds for each of them while the disk's fsync
 * rate no longer caps throughput. Thread-safe.
 *
 * <p>{@link ExecutionStore#concurrentApplies()} writer threads take batches from the one queue: on a
 * server database the next batch is written while the previous one waits for its round trips and its
 * fsync. Each caller has one request in flight, so no two batches hold transitions of the same
 * execution, and a batch's transitions keep the order of its requests.
 *
 * <p>What can be done before the commit ({@link ExecutionStore#prepare}: encoding the rows' JSON) is done
 * by each caller on its own thread before it queues its request: the writers are what every execution
 * waits for.
 */
public final class GroupCommitter implements AutoCloseable {
    static final int MAX_BATCH = 2048;

    private final ExecutionStore store;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong transactions = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong transitions = new java.util.concurrent.atomic.AtomicLong();

    public CommitStats stats() {
        return new CommitStats(transactions.get(), transitions.get());
    }

    private record Request(PreparedTransitions prepared, CompletableFuture<List<Boolean>> done) {
    }

    public GroupCommitter(ExecutionStore store) {
        this.store = store;
        int n = Math.max(1, store.concurrentApplies());
        for (int i = 0; i < n; i++) {
            writers.add(Thread.ofPlatform().name(n == 1 ? "weft-group-commit" : "weft-group-commit-" + i)
                    .daemon(true).start(this::loop));
        }
    }

    /**
     * Commits the transitions (all in the same database transaction) and returns, for each, whether it
     * was applied (false: its fencing check failed). Blocks until durable.
     */
    public List<Boolean> commit(List<Transition> transitions) {
        if (closed) {
            throw new IllegalStateException("the engine is shut down; nothing more can be committed");
        }
        // The audit entry of the request this thread serves, if any, is committed with its first transition.
        AuditEntry audit = AuditScope.pending().orElse(null);
        if (audit != null && !transitions.isEmpty()) {
            List<Transition> withAudit = new ArrayList<>(transitions);
            withAudit.set(0, transitions.getFirst().withAudit(audit));
            transitions = withAudit;
        }
        var request = new Request(store.prepare(transitions), new CompletableFuture<>());
        queue.add(request);
        if (closed && queue.remove(request)) {
            // close() may have drained the queue already; nobody else would ever answer this request.
            throw new IllegalStateException("the engine is shut down; nothing more can be committed");
        }
        try {
            List<Boolean> applied = request.done().join();
            if (audit != null && !transitions.isEmpty() && applied.getFirst()) {
                AuditScope.committed(audit);
            }
            return applied;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void loop() {
        List<Request> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                batch.clear();
                Request first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Request> batch) {
        List<PreparedTransitions> all = new ArrayList<>(batch.size());
        for (Request r : batch) {
            all.add(r.prepared());
        }
        try {
            List<Boolean> results = store.applyPrepared(all);
            transactions.incrementAndGet();
            transitions.addAndGet(results.size());
            int i = 0;
            for (Request r : batch) {
                int n = r.prepared().transitions().size();
                r.done().complete(results.subList(i, i + n));
                i += n;
            }
        } catch (RuntimeException | Error e) {
            // Nothing of this batch is known to be durable: every caller sees the failure, and the writer
            // thread lives on for the next batch.
            RuntimeException failure = e instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("the store failed: " + e, e);
            for (Request r : batch) {
                r.done().completeExceptionally(failure);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        for (Thread writer : writers) {
            try {
                writer.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Request r;
        while ((r = queue.poll()) != null) {
            r.done().completeExceptionally(
                    new IllegalStateException("the engine shut down before this commit"));
        }
    }
}
