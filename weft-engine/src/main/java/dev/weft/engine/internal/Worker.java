package dev.weft.engine.internal;

import dev.weft.engine.EngineSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Cancellation;
import dev.weft.engine.CallRouter;
import dev.weft.engine.CommitStats;
import dev.weft.engine.EngineListener;
import dev.weft.engine.expr.Scope;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims ready executions from the store and drives each on a virtual thread; commits go through one
 * {@link GroupCommitter}. Renews the leases it holds. Thread-safe.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** A signal that only wakes an execution up; never matches an await (signal names cannot start with $). */
    public static final String WAKE_SIGNAL = "$wake";

    private final ExecutionStore store;
    private final GroupCommitter committer;
    private final Clock clock;
    private final CallRouter calls;
    /** The cancellations of the calls in flight, by execution: an execution cancelled here cancels them. */
    private final ConcurrentHashMap<String, Set<Cancellation>> inFlight = new ConcurrentHashMap<>();
    private final EngineListener listener;
    private final String owner;
    private final EngineSettings settings;
    private final Function<ExecutionRecord, CompiledFlow> flows;
    private final InputSchemas inputSchemas;
    private final FlowTriggers flowTriggers;
    private static final Duration MAX_FAILURE_BACKOFF = Duration.ofMinutes(5);
    /** Consecutive unexpected failures per execution, for the backoff of {@link #releaseAfterFailure}. */
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ExecutionRun> active = new ConcurrentHashMap<>();
    private final Map<String, ExecutionRun> deferred = new java.util.HashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<ExecutionRecord>> waiters = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean draining;
    private final ClaimLoop claims;
    private volatile Runnable childEnded = () -> {
    };

    public Worker(ExecutionStore store, Clock clock, CallRouter calls, EngineListener listener,
            String owner, EngineSettings settings, Function<ExecutionRecord, CompiledFlow> flows,
            InputSchemas inputSchemas, FlowTriggers flowTriggers) {
        this.inputSchemas = inputSchemas;
        this.flowTriggers = flowTriggers;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.owner = owner;
        this.settings = settings;
        this.flows = flows;
        this.calls = calls;
        this.committer = new GroupCommitter(store);
        this.claims = new ClaimLoop(this);
    }

    public void start() {
        claims.start();
    }

    /** What to do when a subflow's child ended here (its event is committed): nudge the feed's readers. */
    public void onChildEnded(Runnable action) {
        this.childEnded = java.util.Objects.requireNonNull(action, "action");
    }

    /**
     * Wakes an execution that waits for a child which has ended (read from the event feed): a signal that
     * no await takes, so that it looks at its children again now.
     */
    public void wakeParent(String tenantId, String parentId) {
        store.addSignal(tenantId, parentId, WAKE_SIGNAL, JsonNodeFactory.instance.nullNode(),
                clock.instant());
        wake();
    }

    /** Makes the claim loop look for ready work now (after a signal, or after a test advanced its clock). */
    public void wake() {
        claims.wake();
    }

    private void localNextDue(Instant due) {
        claims.dueAt(due);
    }

    /** Starts driving an execution this worker has claimed. */
    private void run(ExecutionRecord claimed) {
        if (closed) {
            return;
        }
        ExecutionRun run = new ExecutionRun(this, stateOf(claimed, false), null);
        synchronized (active) {
            if (active.putIfAbsent(claimed.id(), run) != null) {
                // The previous run of this execution is still finishing (it has just parked and released
                // its lease, and was claimed again at once): start the new one when it ends.
                deferred.put(claimed.id(), run);
                return;
            }
        }
        Thread.ofVirtual().name("weft-execution-" + claimed.id()).start(run);
    }

    /**
     * The state a run starts from. One being created has no step rows yet, and a signal sent to it meanwhile
     * is read when an {@code await} waits (a park reads the signals again), so its rows are not read.
     */
    private ExecutionState stateOf(ExecutionRecord claimed, boolean created) {
        CompiledFlow flow = flows.apply(claimed);
        String tenant = claimed.tenantId();
        return new ExecutionState(claimed, flow,
                created ? List.of() : store.steps(tenant, claimed.id()),
                created ? List.of() : store.signals(tenant, claimed.id()),
                hash -> Payloads.read(store.payload(tenant, hash).orElseThrow(
                        () -> new IllegalStateException("payload " + hash + " is missing from the store"))),
                settings.largeOutputBytes());
    }

    /**
     * Creates an execution that this worker has room for and drives it. The row is not inserted alone: the
     * run's first commit inserts it together with what its first round of steps decided (the steps that
     * need no call, the start of the first call, or the execution's end), which saves a commit per
     * execution (docs/design/engine.md). Returns once that commit is durable, with whether the execution
     * was created: false when one with its id exists (a repeated idempotency key). Listeners hear of the
     * start from the commit ({@link #commitAll}).
     *
     * <p>If the run cannot be prepared, or fails before its first commit, the row is inserted unowned
     * instead, for a claim to drive (with the backoff of a failing run if it fails again), so that an
     * accepted start is never lost; only if that insert fails too does this throw.
     */
    public boolean createAndRun(ExecutionRecord row) {
        CompletableFuture<Boolean> creation = new CompletableFuture<>();
        ExecutionRun run;
        try {
            run = new ExecutionRun(this, stateOf(row, true), creation);
        } catch (RuntimeException e) {
            LOG.error("execution {} of flow {}/{} v{} cannot be run; it is queued for a claim", row.id(),
                    row.namespace(), row.flowId(), row.flowVersion(), e);
            return createUnowned(row);
        }
        boolean merge;
        synchronized (active) {
            // A run of an execution with this id is here (a repeated key): it is not disturbed, and the
            // insert below is refused.
            merge = !closed && !active.containsKey(row.id());
            if (merge) {
                active.put(row.id(), run);
            }
        }
        if (!merge) {
            return createUnowned(row);
        }
        Thread.ofVirtual().name("weft-execution-" + row.id()).start(run);
        try {
            return creation.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Inserts a created execution with no owner, for the claim loop (here or on another node) to drive.
     * Returns whether it was inserted.
     */
    public boolean createUnowned(ExecutionRecord row) {
        ExecutionRecord queued = Records.with(row, ExecutionStatus.QUEUED, null, null, row.updatedAt(), null,
                null, null, null);
        if (!commitAll(List.of(Transition.create(queued))).get(0)) {
            return false;
        }
        wake();
        return true;
    }

    /** Completes when the execution ends in this process; see {@link #awaitTerminal}. */
    private CompletableFuture<ExecutionRecord> whenFinished(String executionId) {
        return waiters.computeIfAbsent(executionId, id -> new CompletableFuture<>());
    }

    /** Waits until the execution is terminal (here or in any process), or the timeout passes. */
    public ExecutionRecord awaitTerminal(String tenant, String executionId, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<ExecutionRecord> local = whenFinished(executionId);
        while (true) {
            ExecutionRecord r = store.execution(tenant, executionId).orElse(null);
            if (r == null || r.status().terminal()) {
                waiters.remove(executionId);
                return r;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                waiters.remove(executionId, local); // nobody waits any more; do not keep it around
                return r;
            }
            try {
                ExecutionRecord done = local.get(Math.min(left, settings.pollInterval().toNanos() * 5),
                        TimeUnit.NANOSECONDS);
                waiters.remove(executionId);
                return done;
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // look at the store again: another process may have finished it
            }
        }
    }

    /** The executions this worker drives or is about to: the only leases it renews. */
    List<String> drivenIds() {
        synchronized (active) {
            List<String> ids = new java.util.ArrayList<>(active.keySet());
            ids.addAll(deferred.keySet());
            return ids;
        }
    }

    public CommitStats commitStats() {
        return committer.stats();
    }

    public int freeSlots() {
        return settings.maxConcurrentExecutions() - active.size();
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Stops claiming work and starting steps, and returns at once: each run hands its execution back once
     * its calls in flight have ended. {@link #drain} waits for that.
     */
    public void beginDrain() {
        draining = true;
        claims.stop();
    }

    /**
     * Stops claiming and starting steps: each run finishes the calls it has in flight, commits their
     * results and hands its execution back (see {@link ExecutionRun}). Returns true when every run ended
     * within {@code grace}; the rest are abandoned by {@link #close} and resume from their last commit.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        beginDrain();
        // A run only waits while a call is in flight; it sees the drain when the call's result is in.
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (active) {
            while (!active.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                active.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** How many executions this worker is driving now. */
    public int activeCount() {
        synchronized (active) {
            return active.size();
        }
    }

    boolean closed() {
        return closed;
    }

    public boolean isActive(String executionId) {
        return active.containsKey(executionId);
    }

    /**
     * Commits the transitions; for each, whether it was applied. Listeners hear of every execution an
     * applied transition created (a start, a subflow's child, a flow-completion trigger, a replay), once.
     */
    public List<Boolean> commitAll(List<Transition> transitions) {
        List<Boolean> applied = committer.commit(transitions);
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            if (applied.get(i) && t.kind() == Transition.Kind.CREATE) {
                try {
                    listener.executionStarted(t.execution());
                } catch (RuntimeException e) {
                    // Committed: it runs all the same.
                    LOG.warn("a listener of execution {}'s start failed", t.execution().id(), e);
                }
            }
        }
        return applied;
    }

    boolean commit(List<Transition> transitions) {
        return commitAll(transitions).get(0);
    }

    void runEnded(ExecutionRun run) {
        ExecutionRun next;
        synchronized (active) {
            active.remove(run.id(), run);
            next = deferred.remove(run.id());
            if (next != null) {
                active.put(next.id(), next);
            }
            active.notifyAll();
        }
        if (next != null) {
            Thread.ofVirtual().name("weft-execution-" + next.id()).start(next);
        }
        claims.slotFreed();
    }

    /** An execution was cancelled through the store: listeners and waiters hear of its end. */
    public void cancelled(ExecutionRecord row) {
        Set<Cancellation> calls = inFlight.remove(row.id());
        if (calls != null) {
            calls.forEach(c -> c.cancel("the execution was cancelled"));
        }
        listener.executionFinished(row);
        finished(row);
    }

    void finished(ExecutionRecord row) {
        failures.remove(row.id());
        CompletableFuture<ExecutionRecord> f = waiters.remove(row.id());
        if (f != null) {
            f.complete(row);
        }
        if (row.parentId() != null) {
            // The end's event, committed with it, wakes the parent (SubflowWakeups); tell the feed now.
            childEnded.run();
        }
    }

    /**
     * An execution was parked. A signal that arrived between our last look and the park was not seen by
     * the store's wake-up (the row was RUNNING then), so look once more and wake it if so.
     */
    void parked(ExecutionRecord row, boolean awaitingSignal, long lastSeenSignal) {
        failures.remove(row.id());
        localNextDue(row.dueAt());
        if (!awaitingSignal) {
            return; // a signal that arrives now waits for its await, which will load it when reached
        }
        List<SignalRecord> signals = store.signals(row.tenantId(), row.id());
        boolean missed = signals.stream()
                .anyMatch(s -> s.seq() > lastSeenSignal && !WAKE_SIGNAL.equals(s.name()));
        if (missed) {
            store.addSignal(row.tenantId(), row.id(), WAKE_SIGNAL, JsonNodeFactory.instance.nullNode(),
                    clock.instant());
            wake();
        }
    }

    Scope baseScope(ExecutionRecord r) {
        ObjectNode execution = JsonNodeFactory.instance.objectNode();
        execution.put("id", r.id());
        execution.put("flow", r.namespace() + "/" + r.flowId());
        execution.put("version", r.flowVersion());
        execution.put("startedAt", r.createdAt().toString());
        JsonNode trigger = r.trigger() != null
                ? r.trigger()
                : JsonNodeFactory.instance.objectNode().put("type",
                        r.parentId() == null ? "manual" : "subflow");
        JsonNode input = r.input() == null ? JsonNodeFactory.instance.nullNode() : r.input();
        return Scope.empty().put("input", input).put("execution", execution).put("trigger", trigger);
    }

    /**
     * Starts driving an execution this worker holds; if it cannot even start (its flow version does not
     * load, the store cannot be read), the lease is handed back with a backoff instead of being held.
     */
    public void runSafely(ExecutionRecord r) {
        try {
            run(r);
        } catch (RuntimeException e) {
            LOG.error("execution {} of flow {}/{} v{} cannot be run", r.id(), r.namespace(), r.flowId(),
                    r.flowVersion(), e);
            releaseAfterFailure(r, r.leaseVersion());
        }
    }

    /**
     * A run failed unexpectedly (a store error, a bug): hand the execution back as WAITING with a due time
     * that backs off (1 s, 2 s, ... 5 min) so that a claim retries it from its last commit without a hot
     * loop. If even this commit fails, the lease is no longer renewed and simply expires.
     */
    void releaseAfterFailure(ExecutionRecord row, long leaseVersion) {
        if (closed) {
            return; // shutting down: the lease is not renewed any more and expires
        }
        int n = failures.merge(row.id(), 1, Integer::sum);
        Duration delay = Duration.ofSeconds(1L << Math.min(n - 1, 8));
        if (delay.compareTo(MAX_FAILURE_BACKOFF) > 0) {
            delay = MAX_FAILURE_BACKOFF;
        }
        Instant now = clock.instant();
        ExecutionRecord released = Records.with(row, ExecutionStatus.WAITING, row.output(), row.error(), now,
                null,
                now.plus(delay), null, null);
        try {
            committer.commit(List.of(Transition.update(released, leaseVersion, List.of())));
            localNextDue(released.dueAt());
        } catch (RuntimeException e) {
            LOG.error("execution {} could not be handed back; its lease expires in at most {}", row.id(),
                    settings.lease(), e);
        }
    }

    ExecutionStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    EngineListener listener() {
        return listener;
    }

    public InputSchemas inputSchemas() {
        return inputSchemas;
    }

    FlowTriggers flowTriggers() {
        return flowTriggers;
    }

    String owner() {
        return owner;
    }

    EngineSettings settings() {
        return settings;
    }

    /** The compiled flow version an execution runs. */
    CompiledFlow flowOf(ExecutionRecord execution) {
        return flows.apply(execution);
    }

    /** What is wrong with an execution input for a flow's {@code input} schema; empty when valid. */
    public List<String> inputProblems(JsonNode schema, JsonNode input) {
        return inputSchemas.problems(schema, input);
    }

    CallRouter calls() {
        return calls;
    }

    /** A call of the execution is about to start; {@link #callEnded} follows. */
    void callStarted(String executionId, Cancellation cancellation) {
        inFlight.computeIfAbsent(executionId, k -> ConcurrentHashMap.newKeySet()).add(cancellation);
    }

    void callEnded(String executionId, Cancellation cancellation) {
        inFlight.computeIfPresent(executionId, (k, set) -> {
            set.remove(cancellation);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void close() {
        closed = true;
        claims.stop();
        committer.close();
    }
}
