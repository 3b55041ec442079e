package dev.weft.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.event.EventPage;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.internal.Controls;
import dev.weft.engine.internal.Ids;
import dev.weft.engine.internal.Payloads;
import dev.weft.engine.internal.Worker;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@link WeftClient} of one {@link Engine}: every call acts in its caller's tenant. Thread-safe. */
final class EngineClient implements WeftClient {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineClient.class);

    /** The names an await's `signal` may have; names starting with `$` are the engine's own. */
    private static final Pattern SIGNAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final Engine engine;
    private final ExecutionStore store;
    private final Worker worker;
    private final FlowCatalog catalog;
    private final EventFeed events;
    private final Clock clock;

    EngineClient(Engine engine, ExecutionStore store, Worker worker, FlowCatalog catalog, EventFeed events,
            Clock clock) {
        this.engine = engine;
        this.store = store;
        this.worker = worker;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Flow validate(String fileName, String source) throws InvalidFlowException {
        return engine.parser().parse(fileName, source);
    }

    @Override
    public FlowVersion deploy(Caller caller, String fileName, String source) throws InvalidFlowException {
        Flow flow = validate(fileName, source);
        requireReach(caller, flow.namespace(), "deploy");
        // A subflow step starts its flow as the platform: a caller that may deploy in some namespaces only
        // must not reach the others' flows (and their outputs) through it.
        for (String target : flow.subflowNamespaces()) {
            if (!caller.reaches(target)) {
                throw new NamespaceScopeException("flow " + flow.namespace() + "/" + flow.id() + " starts a"
                        + " flow of namespace '" + target
                        + "' (a subflow step), but this caller may deploy to"
                        + " namespaces " + String.join(", ", new java.util.TreeSet<>(caller.namespaces()))
                        + " only; deploy it with a key or user that reaches '" + target + "' too");
            }
        }
        FlowVersion v = store.deployFlow(caller.tenant(), flow.namespace(), flow.id(), source,
                clock.instant());
        boolean unchanged = catalog.latest(caller.tenant(), flow.namespace(), flow.id())
                .map(e -> e.version().version() == v.version()).orElse(false);
        if (!unchanged) { // the same source again is the same version: nothing to read again
            catalog.changed(caller.tenant(), flow.namespace(), flow.id());
        }
        return v;
    }

    @Override
    public Optional<FlowVersion> latestFlow(Caller caller, String namespace, String flowId) {
        return caller.reaches(namespace)
                ? store.latestFlowVersion(caller.tenant(), namespace, flowId)
                : Optional.empty();
    }

    @Override
    public Optional<FlowVersion> flowVersion(Caller caller, String namespace, String flowId, int version) {
        return caller.reaches(namespace)
                ? store.flowVersion(caller.tenant(), namespace, flowId, version)
                : Optional.empty();
    }

    @Override
    public List<FlowVersion> flowVersions(Caller caller, String namespace, String flowId, int beforeVersion,
            int limit) {
        return caller.reaches(namespace)
                ? store.flowVersions(caller.tenant(), namespace, flowId, beforeVersion, limit)
                : List.of();
    }

    @Override
    public List<FlowVersion> flows(Caller caller) {
        return store.latestFlowVersions(caller.tenant()).stream().filter(v -> caller.reaches(v.namespace()))
                .toList();
    }

    @Override
    public boolean deleteFlow(Caller caller, String namespace, String flowId) {
        if (!caller.reaches(namespace)) {
            return false;
        }
        boolean deleted = store.deleteFlow(caller.tenant(), namespace, flowId, clock.instant());
        if (deleted) {
            catalog.changed(caller.tenant(), namespace, flowId);
        }
        return deleted;
    }

    /**
     * Driven here at once while this engine has room ({@code maxConcurrentExecutions}); otherwise committed
     * unowned, for the claim loop to pick up when a run ends, here or on another node.
     */
    @Override
    public StartedExecution start(Caller caller, FlowVersion version, JsonNode input, JsonNode trigger,
            String idempotencyKey) throws InvalidInputException {
        sameTenant(caller, version.tenantId());
        requireReach(caller, version.namespace(), "start");
        engine.admission().admit(caller.tenant());
        JsonNode in = input == null ? JsonNodeFactory.instance.objectNode() : input;
        Flow flow = engine.compiled(version).flow();
        List<String> problems = worker.inputProblems(flow.inputSchema(), in);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(flow.qualifiedName(), problems);
        }
        Instant now = clock.instant();
        String tenant = caller.tenant();
        String id = idempotencyKey == null ? Ids.random() : Ids.forKey(tenant, idempotencyKey);
        boolean here = worker.freeSlots() > 0 && !worker.draining();
        ExecutionRecord row = new ExecutionRecord(tenant, id, version.namespace(), version.flowId(),
                version.version(), ExecutionStatus.QUEUED, in, trigger, null, null, now, now, null, null,
                here ? engine.owner() : null,
                here ? now.plus(engine.settings().lease()) : null, here ? 1 : 0, null, null);
        // Here, the row is inserted by the run's first commit, with what its first steps decided.
        boolean created = here ? worker.createAndRun(row) : worker.createUnowned(row);
        if (!created) {
            if (idempotencyKey != null) {
                return new StartedExecution(id, false);
            }
            throw new IllegalStateException("execution id collision for " + row.id());
        }
        // Committed (and its listeners told, Worker.commitAll): from here on it is never lost.
        return new StartedExecution(id, true);
    }

    @Override
    public Optional<ExecutionRecord> execution(Caller caller, String executionId) {
        return store.execution(caller.tenant(), executionId).filter(e -> caller.reaches(e.namespace()));
    }

    /** Whether the execution is the caller's to see: every caller's but a namespace-scoped one's, unread. */
    private boolean visible(Caller caller, String executionId) {
        return caller.namespaces().isEmpty() || execution(caller, executionId).isPresent();
    }

    private static void requireReach(Caller caller, String namespace, String action) {
        if (!caller.reaches(namespace)) {
            throw new NamespaceScopeException("this caller reaches namespaces "
                    + String.join(", ", new java.util.TreeSet<>(caller.namespaces())) + " only, so it cannot "
                    + action + " a flow of namespace '" + namespace + "'");
        }
    }

    private static void requireWholeTenant(Caller caller, String what) {
        if (!caller.namespaces().isEmpty()) {
            throw new NamespaceScopeException("this caller reaches namespaces "
                    + String.join(", ", new java.util.TreeSet<>(caller.namespaces())) + " only, and " + what
                    + " belongs to the whole tenant");
        }
    }

    @Override
    public List<ExecutionRecord> executions(Caller caller, ExecutionQuery query) {
        sameTenant(caller, query.tenantId());
        if (caller.namespaces().isEmpty()) {
            return store.executions(query);
        }
        java.util.Set<String> reach = new java.util.HashSet<>(caller.namespaces());
        if (!query.namespaces().isEmpty()) {
            reach.retainAll(query.namespaces());
        }
        return reach.isEmpty() ? List.of() : store.executions(query.withNamespaces(reach));
    }

    @Override
    public List<StepRecord> steps(Caller caller, String executionId) {
        List<StepRecord> steps = new ArrayList<>();
        if (!visible(caller, executionId)) {
            return steps;
        }
        for (StepRecord s : store.steps(caller.tenant(), executionId)) {
            steps.add(s.outputRef() == null || s.output() != null ? s : withOutput(caller, s));
        }
        return steps;
    }

    private StepRecord withOutput(Caller caller, StepRecord s) {
        JsonNode output = Payloads.forReading(store, caller.tenant(), s.outputRef());
        return new StepRecord(s.executionId(), s.path(), s.stepId(), s.type(), s.status(), s.attempt(),
                s.input(), output, s.outputRef(), s.error(), s.startedAt(), s.finishedAt(), s.dueAt(),
                s.seq());
    }

    @Override
    public List<StepAttempt> attempts(Caller caller, String executionId) {
        return visible(caller, executionId) ? store.attempts(caller.tenant(), executionId) : List.of();
    }

    @Override
    public Optional<ObjectNode> view(Caller caller, String executionId) {
        return execution(caller, executionId).map(e -> ExecutionView.withSteps(store, e));
    }

    @Override
    public Optional<ObjectNode> view(Caller caller, String executionId, ExecutionView.StepPage page) {
        return execution(caller, executionId).map(e -> ExecutionView.withSteps(store, e, page));
    }

    @Override
    public Map<ExecutionStatus, Long> countUnfinished(Caller caller) {
        requireWholeTenant(caller, "the count of unfinished executions");
        return store.countUnfinished(caller.tenant());
    }

    @Override
    public dev.weft.engine.store.ExecutionStats stats(Caller caller,
            dev.weft.engine.store.ExecutionStats.Query query) {
        sameTenant(caller, query.tenantId());
        requireWholeTenant(caller, "the execution statistics");
        return store.stats(query);
    }

    @Override
    public boolean signal(Caller caller, String executionId, String name, JsonNode payload) {
        if (name == null || !SIGNAL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "signal name must be letters, digits, '-' or '_' (as in the await"
                            + " step's `signal`), but was '" + name + "'");
        }
        Optional<ExecutionRecord> row = execution(caller, executionId);
        if (row.isEmpty() || row.get().status().terminal()) {
            return false;
        }
        java.util.SortedSet<String> declared = engine.compiledFor(row.get()).flow().signalNames();
        if (!declared.contains(name)) {
            throw new UnknownSignalException(executionId, row.get().namespace() + "/" + row.get().flowId()
                    + " v" + row.get().flowVersion(), name, List.copyOf(declared));
        }
        boolean ok = store.addSignal(caller.tenant(), executionId, name, payload, clock.instant());
        worker.wake();
        return ok;
    }

    @Override
    public Optional<ExecutionRecord> cancel(Caller caller, String executionId, String reason) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", "execution.cancelled");
        error.put("message", reason == null || reason.isBlank() ? "cancelled" : reason);
        if (!visible(caller, executionId)) {
            return Optional.empty();
        }
        Optional<ExecutionRecord> cancelled = store.cancel(caller.tenant(), executionId, error,
                clock.instant());
        cancelled.ifPresent(worker::cancelled);
        if (cancelled.isPresent() && engine.compiledFor(cancelled.get()).flow().sensitive()) {
            eraseCancelled(caller.tenant(), cancelled.get());
        }
        return cancelled;
    }

    /**
     * A cancelled execution of a sensitive flow keeps no step data, as one that ended by itself: erased in a
     * transition fenced by the lease version the cancel moved on. Should it fail, the data stays, and the
     * failure is logged.
     */
    private void eraseCancelled(String tenant, ExecutionRecord cancelled) {
        try {
            if (!worker.commitAll(List.of(dev.weft.engine.internal.Erasure.afterCancel(cancelled,
                    store.steps(tenant, cancelled.id())))).get(0)) {
                LOG.warn(
                        "the step data of cancelled execution {} of a sensitive flow was not erased: it changed"
                                + " meanwhile",
                        cancelled.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("the step data of cancelled execution {} of a sensitive flow was not erased",
                    cancelled.id(),
                    e);
        }
    }

    /** A sensitive flow's ended execution has no step data left to go on from. */
    private void refuseSensitive(ExecutionRecord row, String what) throws ExecutionControlException {
        if (engine.compiledFor(row).flow().sensitive()) {
            throw new ExecutionControlException(what + ".sensitive", "execution " + row.id() + " is of flow "
                    + row.namespace() + "/" + row.flowId()
                    + ", which is sensitive: its step data was erased when it"
                    + " ended, so there is nothing to " + what + " from; start a new execution");
        }
    }

    @Override
    public ExecutionRecord retry(Caller caller, String executionId) throws ExecutionControlException {
        ExecutionRecord row = existing(caller, executionId);
        refuseSensitive(row, "retry");
        engine.admission().admit(caller.tenant());
        // Outputs read back: a forgotten succeeded call's attempt keeps the target status its output holds.
        Transition reopen = Controls.retry(row, steps(caller, executionId), clock.instant());
        if (!worker.commitAll(List.of(reopen)).get(0)) {
            throw new ExecutionControlException("execution.changed", "execution " + executionId
                    + " changed while it was being retried; read it again and retry");
        }
        worker.wake();
        return reopen.execution();
    }

    @Override
    public String replay(Caller caller, String executionId, String fromStep, JsonNode input,
            boolean latestVersion) throws ExecutionControlException, InvalidInputException {
        ExecutionRecord row = existing(caller, executionId);
        refuseSensitive(row, "replay");
        engine.admission().admit(caller.tenant());
        String tenant = caller.tenant();
        FlowVersion target = (latestVersion
                ? store.latestFlowVersion(tenant, row.namespace(), row.flowId())
                : store.flowVersion(tenant, row.namespace(), row.flowId(), row.flowVersion()))
                .orElseThrow(() -> new ExecutionControlException("replay.flow_missing", "flow "
                        + row.namespace() + "/" + row.flowId() + (latestVersion
                                ? " has been deleted"
                                : " v" + row.flowVersion() + " is not in the store")));
        Transition create = Controls.replay(row, store.steps(tenant, executionId), fromStep, input, target,
                engine.compiled(target).flow(), worker.inputSchemas(), Ids.random(), clock.instant());
        worker.commitAll(List.of(create));
        worker.wake();
        return create.execution().id();
    }

    private ExecutionRecord existing(Caller caller, String executionId) throws ExecutionControlException {
        return execution(caller, executionId).orElseThrow(() -> new ExecutionControlException(
                "execution.not_found", "no execution " + executionId));
    }

    @Override
    public ExecutionRecord await(Caller caller, String executionId, Duration timeout)
            throws InterruptedException {
        return visible(caller, executionId)
                ? worker.awaitTerminal(caller.tenant(), executionId, timeout)
                : null;
    }

    @Override
    public EventPage events(Caller caller, EventQuery query) {
        sameTenant(caller, query.tenantId());
        requireWholeTenant(caller, "the event feed");
        return events.read(query);
    }

    @Override
    public EventRecord publish(Caller caller, String type, String executionId, JsonNode payload) {
        requireWholeTenant(caller, "the event feed");
        return events.publish(caller.tenant(), type, executionId, payload);
    }

    private static void sameTenant(Caller caller, String tenant) {
        if (!caller.tenant().equals(tenant)) {
            throw new IllegalArgumentException("tenant " + caller.tenant() + " cannot act on tenant "
                    + tenant + "'s data");
        }
    }
}
