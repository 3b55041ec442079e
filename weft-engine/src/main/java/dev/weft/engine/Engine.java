package dev.weft.engine;

import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.internal.CompiledFlow;
import dev.weft.engine.internal.FlowTriggers;
import dev.weft.engine.internal.InputSchemas;
import dev.weft.engine.internal.Owners;
import dev.weft.engine.internal.Worker;
import dev.weft.engine.internal.SubflowWakeups;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.event.FeedConsumer;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable flow engine: deploys flow versions, starts executions, delivers signals, and drives every
 * execution it can claim from the store until it ends. Every state change is committed before the next
 * step starts; after a crash, a new engine on the same store continues each execution from its last
 * committed step. Thread-safe.
 */
public final class Engine implements AutoCloseable {

    private final ExecutionStore store;
    private final Clock clock;
    private final FlowParser parser;
    private final EngineSettings settings;
    private final String owner;
    private final Worker worker;
    private final EngineListener listener;
    private final FlowCatalog catalog;
    private final Map<String, CompiledFlow> compiled = new ConcurrentHashMap<>();
    private final CallRouter calls;
    private final EventFeed events;
    private final WeftClient client;
    private final Admission admission;

    private Engine(Builder b) {
        this.admission = b.admission;
        this.store = b.store;
        this.clock = b.clock;
        this.parser = Objects.requireNonNull(b.parser, "a FlowParser is required");
        this.settings = b.settings;
        this.owner = b.owner;
        this.listener = b.listener;
        this.calls = Objects.requireNonNull(b.calls, "calls is required: an engine's call steps go through a"
                + " CallRouter (the gateway; in engine tests, the test kit's ConnectorCalls)");
        InputSchemas schemas = new InputSchemas();
        this.catalog = new FlowCatalog(store, v -> compiled(v).flow());
        FlowTriggers flowTriggers = new FlowTriggers(catalog, clock, schemas);
        this.worker = new Worker(store, clock, calls, b.listener, b.owner, settings, this::compiledFor,
                schemas, flowTriggers);
        this.events = new EventFeed(store.events(), clock, b.eventRetention);
        this.client = new EngineClient(this, store, worker, catalog, events, clock);
    }

    public static Builder builder(ExecutionStore store) {
        return new Builder(store);
    }

    /** Starts claiming and driving ready executions (including every unfinished one in the store). */
    public Engine start() {
        // The catalogue follows the feed before the worker runs anything that reads it, so that no deploy of
        // another node falls between a snapshot it reads and the point its reader starts from.
        catalog.follow(events, FlowCatalog.DEFAULT_POLL);
        FeedConsumer wakeups = events.subscribe(SubflowWakeups.CONSUMER, SubflowWakeups.ENDS, true,
                settings.subflowPoll(), new SubflowWakeups(worker));
        // A child that ended here wakes its parent's reader at once; no other reader cares.
        worker.onChildEnded(wakeups::nudge);
        worker.start();
        return this;
    }

    Admission admission() {
        return admission;
    }

    /** The deployed flows and their triggers, kept current across nodes. */
    public FlowCatalog catalog() {
        return catalog;
    }

    /** The durable event feed of this engine's store: read it, publish to it, consume it. */
    public EventFeed events() {
        return events;
    }

    /** The one way into this engine: deploy, start, read and steer executions, in any tenant. */
    public WeftClient client() {
        return client;
    }

    /** The compiled flow of a deployed version (compiled once, then kept). */
    CompiledFlow compiled(FlowVersion v) {
        return compiled.computeIfAbsent(key(v.tenantId(), v.namespace(), v.flowId(), v.version()),
                k -> compile(v));
    }

    FlowParser parser() {
        return parser;
    }

    EngineSettings settings() {
        return settings;
    }

    EngineListener listener() {
        return listener;
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

    CompiledFlow compiledFor(ExecutionRecord r) {
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
     * Starts a graceful stop and returns at once: no more work is claimed and no more steps start, so that
     * a process can stop its entry points while the calls in flight end; {@link #drain} then waits.
     */
    public void beginDrain() {
        worker.beginDrain();
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
        private Duration eventRetention = EventFeed.DEFAULT_RETENTION;
        private Admission admission = Admission.ALL;

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

        /** Who may start executions now: the tenants' quotas (default: everyone). */
        public Builder admission(Admission admission) {
            this.admission = Objects.requireNonNull(admission, "admission");
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
