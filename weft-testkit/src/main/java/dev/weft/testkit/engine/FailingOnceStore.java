package dev.weft.testkit.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.Transition;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real store that fails one commit: the first {@code apply} that writes a step with the given id
 * throws, as a full disk or a lost connection would. Everything else goes to the store underneath.
 * Used to prove that an execution survives a store failure in the middle of a run. Thread-safe.
 */
public final class FailingOnceStore implements ExecutionStore {
    private final ExecutionStore store;
    private final String stepId;
    private final AtomicBoolean failed = new AtomicBoolean();

    public FailingOnceStore(ExecutionStore store, String stepId) {
        this.store = store;
        this.stepId = stepId;
    }

    @Override
    public List<Boolean> apply(List<Transition> transitions) {
        boolean hit = transitions.stream().flatMap(t -> t.steps().stream())
                .anyMatch(s -> stepId.equals(s.stepId()));
        if (hit && failed.compareAndSet(false, true)) {
            throw new IllegalStateException("simulated store failure while writing step " + stepId);
        }
        return store.apply(transitions);
    }

    @Override
    public FlowVersion deployFlow(String tenantId, String namespace, String flowId, String source,
            Instant now) {
        return store.deployFlow(tenantId, namespace, flowId, source, now);
    }

    @Override
    public Optional<FlowVersion> flowVersion(String tenantId, String namespace, String flowId, int version) {
        return store.flowVersion(tenantId, namespace, flowId, version);
    }

    @Override
    public Optional<FlowVersion> latestFlowVersion(String tenantId, String namespace, String flowId) {
        return store.latestFlowVersion(tenantId, namespace, flowId);
    }

    @Override
    public boolean deleteFlow(String tenantId, String namespace, String flowId, Instant now) {
        return store.deleteFlow(tenantId, namespace, flowId, now);
    }

    @Override
    public Optional<ExecutionRecord> cancel(String tenantId, String executionId, JsonNode error,
            Instant now) {
        return store.cancel(tenantId, executionId, error, now);
    }

    @Override
    public List<FlowVersion> latestFlowVersions(String tenantId) {
        return store.latestFlowVersions(tenantId);
    }

    @Override
    public List<FlowVersion> flowVersions(String tenantId, String namespace, String flowId, int beforeVersion,
            int limit) {
        return store.flowVersions(tenantId, namespace, flowId, beforeVersion, limit);
    }

    @Override
    public Optional<ExecutionRecord> execution(String tenantId, String executionId) {
        return store.execution(tenantId, executionId);
    }

    @Override
    public List<ExecutionRecord> executions(ExecutionQuery query) {
        return store.executions(query);
    }

    @Override
    public java.util.Map<dev.weft.engine.store.ExecutionStatus, Long> countUnfinished(String tenantId) {
        return store.countUnfinished(tenantId);
    }

    @Override
    public dev.weft.engine.store.ExecutionStats stats(dev.weft.engine.store.ExecutionStats.Query query) {
        return store.stats(query);
    }

    @Override
    public long storedBytes(String tenantId) {
        return store.storedBytes(tenantId);
    }

    @Override
    public List<StepRecord> steps(String tenantId, String executionId) {
        return store.steps(tenantId, executionId);
    }

    @Override
    public List<dev.weft.engine.store.StepAttempt> attempts(String tenantId, String executionId) {
        return store.attempts(tenantId, executionId);
    }

    @Override
    public List<ExecutionRecord> claim(ClaimRequest request) {
        return store.claim(request);
    }

    @Override
    public void renewLeases(String owner, Collection<String> executionIds, Instant until) {
        store.renewLeases(owner, executionIds, until);
    }

    @Override
    public boolean addSignal(String tenantId, String executionId, String name, JsonNode payload,
            Instant now) {
        return store.addSignal(tenantId, executionId, name, payload, now);
    }

    @Override
    public List<SignalRecord> signals(String tenantId, String executionId) {
        return store.signals(tenantId, executionId);
    }

    @Override
    public Optional<byte[]> payload(String tenantId, String hash) {
        return store.payload(tenantId, hash);
    }

    @Override
    public dev.weft.engine.store.EventStore events() {
        return store.events();
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return store.nextDueAt();
    }

    @Override
    public void close() {
        // the store underneath belongs to the test
    }
}
