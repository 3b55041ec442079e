package dev.weft.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.flow.Flow;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.internal.CompiledFlow;
import dev.weft.engine.internal.Controls;
import dev.weft.engine.internal.FlowTriggers;
import dev.weft.engine.internal.Ids;
import dev.weft.engine.internal.InputSchemas;
import java.util.Optional;
import dev.weft.engine.internal.Owners;
import dev.weft.engine.EngineSettings;
import dev.weft.engine.internal.Worker;
import dev.weft.engine.internal.SubflowWakeups;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable flow engine: deploys flow versions, starts executions, delivers signals, and drives every
 * execution it can claim from the store until it ends. Every state change is committed before the next
 * step starts; after a crash, a new engine on the same store continues each execution from its last
 * committed step. Thread-safe.
 */
public final class Engine implements AutoCloseable {
    /** The names an await's `signal` may have; names starting with `$` are the engine's own. */
    private static final java.util.regex.Pattern SIGNAL_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_-]*");

    private final ExecutionStore store;
    private final Clock clock;
    private final FlowParser parser;
    private final EngineSettings settings;
    private final String tenant;
    private final String owner;
    private final Worker worker;
    private final EngineListener listener;
    private final FlowTriggers flowTriggers;
    private final FlowCatalog catalog;
    private final Map<String, CompiledFlow> compiled = new ConcurrentHashMap<>();
    private final CallRouter calls;
    private final EventFeed events;

    private Engine(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.parser = Objects.requireNonNull(b.parser, "a FlowParser is required");
        this.settings = b.settings;
        this.tenant = b.tenant;
        this.owner = b.owner;
        this.listener = b.listener;
        this.calls = Objects.requireNonNull(b.calls, "calls is required: an engine's call steps go through a"
                + " CallRouter (the gateway; in engine tests, the test kit's ConnectorCalls)");
        InputSchemas schemas = new InputSchemas();
        this.catalog = new FlowCatalog(store, v -> flow(v).flow());
        this.flowTriggers = new FlowTriggers(catalog, clock, schemas);
        this.worker = new Worker(store, clock, calls, b.listener, b.owner, settings, this::compiledFor,
                schemas, flowTriggers);
        this.events = new EventFeed(store.events(), clock, b.eventRetention);
        worker.onChildEnded(events::nudge);
    }

    public static Builder builder(ExecutionStore store) {
        return new Builder(store);
    }

    /** Starts claiming and driving ready executions (including every unfinished one in the store). */
    public Engine start() {
        worker.start();
        events.subscribe(SubflowWakeups.CONSUMER, settings.subflowPoll(), new SubflowWakeups(worker));
        catalog.follow(events, FlowCatalog.DEFAULT_POLL);
        return this;
    }

    /** The deployed flows and their triggers, kept current across nodes. */
    public FlowCatalog catalog() {
        return catalog;
    }

    /** The durable event feed of this engine's store: read it, publish to it, consume it. */
    public EventFeed events() {
        return events;
    }

    /** Validates flow source and deploys it as a new version (or returns the latest if unchanged). */
    public FlowVersion deploy(String fileName, String source) throws InvalidFlowException {
        Flow flow = parser.parse(fileName, source);
        FlowVersion v = store.deployFlow(tenant, flow.namespace(), flow.id(), source, clock.instant());
        catalog.changed(tenant, flow.namespace(), flow.id());
        return v;
    }

    /** Deletes a flow (see {@link ExecutionStore#deleteFlow}); false when it does not exist. */
    public boolean deleteFlow(String namespace, String flowId) {
        boolean deleted = store.deleteFlow(tenant, namespace, flowId, clock.instant());
        if (deleted) {
            catalog.changed(tenant, namespace, flowId);
        }
        return deleted;
    }

    /** Parses flow source without deploying it: the validation a deploy does. */
    public Flow parse(String fileName, String source) throws InvalidFlowException {
        return parser.parse(fileName, source);
    }

    /** The compiled flow of a deployed version. */
    public CompiledFlow flow(FlowVersion v) {
        return compiled.computeIfAbsent(key(v.tenantId(), v.namespace(), v.flowId(), v.version()),
                k -> compile(v));
    }

    /**
     * Validates the input against the flow's schema, commits a new execution and starts driving it here.
     *
     * @return the execution id
     */
    public String startExecution(FlowVersion version, JsonNode input) throws InvalidInputException {
        return startExecution(version, input, null, null).id();
    }

    /**
     * Validates the input, commits a new execution and starts driving it here, or, when this engine
     * already drives {@code maxConcurrentExecutions}, leaves it queued for the next free slot; returns once
     * it is committed, so the caller may acknowledge whoever asked for it.
     *
     * @param trigger what started it, as expressions see it under {@code trigger}; null means manual
     * @param idempotencyKey null for a new execution every time; otherwise a repeated start with the same
     *     key (a webhook delivered twice, a schedule slot fired by two nodes) returns the first one's id
     *     and starts nothing
     */
    public StartedExecution startExecution(FlowVersion version, JsonNode input, JsonNode trigger,
            String idempotencyKey) throws InvalidInputException {
        JsonNode in = input == null ? JsonNodeFactory.instance.objectNode() : input;
        Flow flow = flow(version).flow();
        List<String> problems = worker.inputProblems(flow.inputSchema(), in);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(flow.qualifiedName(), problems);
        }
        Instant now = clock.instant();
        String id = idempotencyKey == null ? Ids.random() : Ids.forKey(tenant, idempotencyKey);
        // Driven here at once while this engine has room (maxConcurrentExecutions); otherwise committed
        // unowned, for the claim loop to pick up when a run ends, here or on another node.
        boolean here = worker.freeSlots() > 0 && !worker.draining();
        ExecutionRecord row = new ExecutionRecord(tenant, id, version.namespace(), version.flowId(),
                version.version(), ExecutionStatus.QUEUED, in, trigger, null, null, now, now, null, null,
                here ? owner : null,
                here ? now.plus(settings.lease()) : null, here ? 1 : 0, null, null);
        if (!worker.commitAll(List.of(Transition.create(row))).get(0)) {
            if (idempotencyKey != null) {
                return new StartedExecution(id, false);
            }
            throw new IllegalStateException("execution id collision for " + row.id());
        }
        listener.executionStarted(row);
        if (here) {
            worker.runCreated(row); // committed: from here on it is never lost, even if it cannot start now
        } else {
            worker.wake();
        }
        return new StartedExecution(id, true);
    }

    /**
     * Cancels an execution that has not ended: it ends CANCELLED at once, and a worker still running
     * one of its steps can no longer commit (the step's effect may still complete at its target).
     * Returns the cancelled row, or empty when the execution does not exist or has already ended.
     */
    public Optional<ExecutionRecord> cancel(String executionId, String reason) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", "execution.cancelled");
        error.put("message", reason == null || reason.isBlank() ? "cancelled" : reason);
        Optional<ExecutionRecord> cancelled = store.cancel(tenant, executionId, error, clock.instant());
        cancelled.ifPresent(worker::cancelled);
        return cancelled;
    }

    /**
     * Re-opens a failed execution from its failed steps: they run again (new attempts, same idempotency
     * keys), with the recorded outputs of the steps that succeeded.
     */
    public ExecutionRecord retry(String executionId) throws ExecutionControlException {
        ExecutionRecord row = existing(executionId);
        Transition reopen = Controls.retry(row, store.steps(tenant, executionId), clock.instant());
        if (!worker.commitAll(List.of(reopen)).get(0)) {
            throw new ExecutionControlException("execution.changed", "execution " + executionId
                    + " changed while it was being retried; read it again and retry");
        }
        worker.wake();
        return reopen.execution();
    }

    /**
     * Starts a new execution that reuses the outputs of the steps {@code executionId} completed before
     * {@code fromStep} and runs that step and everything after it again.
     *
     * @param input the new input; null keeps the original's
     * @param latestVersion run on the flow's latest version instead of the original's pinned one
     * @return the new execution's id
     */
    public String replay(String executionId, String fromStep, JsonNode input, boolean latestVersion)
            throws ExecutionControlException, InvalidInputException {
        ExecutionRecord row = existing(executionId);
        FlowVersion target = (latestVersion
                ? store.latestFlowVersion(tenant, row.namespace(), row.flowId())
                : store.flowVersion(tenant, row.namespace(), row.flowId(), row.flowVersion()))
                .orElseThrow(() -> new ExecutionControlException("replay.flow_missing", "flow "
                        + row.namespace() + "/" + row.flowId() + (latestVersion
                                ? " has been deleted"
                                : " v" + row.flowVersion() + " is not in the store")));
        Transition create = Controls.replay(row, store.steps(tenant, executionId), fromStep, input, target,
                flow(target).flow(), worker.inputSchemas(), Ids.random(), clock.instant());
        worker.commitAll(List.of(create));
        worker.wake();
        return create.execution().id();
    }

    private ExecutionRecord existing(String executionId) throws ExecutionControlException {
        return store.execution(tenant, executionId).orElseThrow(() -> new ExecutionControlException(
                "execution.not_found", "no execution " + executionId));
    }

    /**
     * Sends a signal; false when the execution does not exist or has ended. A signal sent before the
     * execution reaches its {@code await} is kept until then.
     *
     * @throws UnknownSignalException when no {@code await} step of the execution's pinned flow version
     *     declares {@code name}
     */
    public boolean signal(String executionId, String name, JsonNode payload) {
        if (name == null || !SIGNAL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "signal name must be letters, digits, '-' or '_' (as in the await"
                            + " step's `signal`), but was '" + name + "'");
        }
        Optional<ExecutionRecord> row = store.execution(tenant, executionId);
        if (row.isEmpty() || row.get().status().terminal()) {
            return false;
        }
        java.util.SortedSet<String> declared = compiledFor(row.get()).flow().signalNames();
        if (!declared.contains(name)) {
            throw new UnknownSignalException(executionId, row.get().namespace() + "/" + row.get().flowId()
                    + " v" + row.get().flowVersion(), name, List.copyOf(declared));
        }
        boolean ok = store.addSignal(tenant, executionId, name, payload, clock.instant());
        worker.wake();
        return ok;
    }

    /** Waits until the execution is terminal, or the timeout passes; returns the row as it then is. */
    public ExecutionRecord awaitTerminal(String executionId, Duration timeout) throws InterruptedException {
        return worker.awaitTerminal(tenant, executionId, timeout);
    }

    /** Makes the engine look for due work now (after a test advanced its clock, or a signal elsewhere). */
    public void wake() {
        worker.wake();
    }

    /** Store transactions committed by this engine so far, and the transitions they carried. */
    public CommitStats commitStats() {
        return worker.commitStats();
    }

    /** Whether this engine is driving the execution right now. */
    public boolean isDriving(String executionId) {
        return worker.isActive(executionId);
    }

    /**
     * Whether another live process holds the execution's lease (it is driving it): true while the
     * lease has not expired and its owner is not known to be dead.
     */
    public boolean heldElsewhere(ExecutionRecord e) {
        return e.leaseOwner() != null && e.leaseUntil() != null && e.leaseUntil().isAfter(clock.instant())
                && !e.leaseOwner().equals(owner) && !Owners.isDead(e.leaseOwner());
    }

    /** This engine's lease owner name. */
    public String owner() {
        return owner;
    }

    public ExecutionStore store() {
        return store;
    }

    public String tenant() {
        return tenant;
    }

    public Clock clock() {
        return clock;
    }

    private CompiledFlow compiledFor(ExecutionRecord r) {
        return compiled.computeIfAbsent(key(r.tenantId(), r.namespace(), r.flowId(), r.flowVersion()), k -> {
            FlowVersion v = store.flowVersion(r.tenantId(), r.namespace(), r.flowId(), r.flowVersion())
                    .orElseThrow(
                            () -> new IllegalStateException("flow " + r.namespace() + "/" + r.flowId() + " v"
                                    + r.flowVersion() + " is not in the store"));
            return compile(v);
        });
    }

    private CompiledFlow compile(FlowVersion v) {
        try {
            Flow flow = parser.parse(v.namespace() + "/" + v.flowId() + "@v" + v.version(), v.source());
            return new CompiledFlow(flow, v.version());
        } catch (InvalidFlowException | ExpressionException e) {
            throw new IllegalStateException(
                    "deployed flow " + v.namespace() + "/" + v.flowId() + " v" + v.version()
                            + " no longer compiles: " + e.getMessage(),
                    e);
        }
    }

    private static String key(String tenant, String namespace, String id, int version) {
        return tenant + ":" + namespace + "/" + id + "@" + version;
    }

    /**
     * Stops gracefully: claims no more work and starts no more steps; each execution it drives finishes
     * the calls in flight, commits their results and is handed back, due at once, to whichever engine
     * claims work next. Returns true when all were handed back or ended within {@code grace}; call
     * {@link #close} after it either way.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        return worker.drain(grace);
    }

    /** How many executions this engine drives now (the rest of the queue is in the store). */
    public int activeExecutions() {
        return worker.activeCount();
    }

    /**
     * Stops claiming work; running effects are abandoned and resume from their last commit elsewhere. The
     * call router is its builder's to close.
     */
    @Override
    public void close() {
        events.close();
        worker.close();
    }

    /** Where this engine's call steps go. */
    public CallRouter calls() {
        return calls;
    }

    /** Builds an {@link Engine}; every setting has a default (see {@link EngineSettings}). */
    public static final class Builder {
        private final ExecutionStore store;
        private Clock clock = Clock.systemUTC();
        private FlowParser parser;
        private CallRouter calls;
        private EngineListener listener = new EngineListener() {
        };
        private EngineSettings settings = EngineSettings.defaults();
        private String owner = Owners.self();
        private String tenant = ExecutionStore.DEFAULT_TENANT;
        private Duration eventRetention = EventFeed.DEFAULT_RETENTION;

        private Builder(ExecutionStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder parser(FlowParser parser) {
            this.parser = parser;
            return this;
        }

        /**
         * Where call steps go: the gateway, in the server and on the command line alike. Required; the
         * engine does not close it.
         */
        public Builder calls(CallRouter calls) {
            this.calls = Objects.requireNonNull(calls, "calls");
            return this;
        }

        public Builder listener(EngineListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder settings(EngineSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** This worker's lease owner name; by default {@code host:pid:startMillis}. */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            return this;
        }

        /** How long the event feed keeps events (default {@link EventFeed#DEFAULT_RETENTION}). */
        public Builder eventRetention(Duration retention) {
            this.eventRetention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }
}
