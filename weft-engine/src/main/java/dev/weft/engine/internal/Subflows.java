package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subflow steps: the child execution is created in the same commit as the parent step's start, with an
 * id derived from the parent's id and the step path, so a re-run after a crash finds the same child
 * instead of starting a second one. The parent looks at the child's state until it ends.
 */
final class Subflows {
    private Subflows() {
    }

    private static final JsonNode SUBFLOW_TRIGGER = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode().put("type", "subflow");
    private static final java.time.Duration MAX_CHECK_INTERVAL = java.time.Duration.ofMinutes(1);

    /**
     * When the parent looks at its child again: soon for a short child, then less often (a tenth of the
     * time it has run, up to a minute). The child's end also wakes the parent at once (best effort).
     */
    static java.time.Duration nextCheck(java.time.Duration poll, Instant startedAt, Instant now) {
        java.time.Duration tenth = java.time.Duration.between(startedAt, now).dividedBy(10);
        if (tenth.compareTo(poll) < 0) {
            return poll;
        }
        return tenth.compareTo(MAX_CHECK_INTERVAL) > 0 ? MAX_CHECK_INTERVAL : tenth;
    }

    static String childId(String parentId, String path) {
        return UUID.nameUUIDFromBytes((parentId + "/" + path).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static void start(Worker worker, ExecutionState state, Step.Subflow step, String path, int attempt,
            JsonNode input, Instant now, Writes writes) {
        String tenant = state.record.tenantId();
        String[] name = step.flow().split("/", 2);
        Optional<FlowVersion> version = name.length == 2
                ? worker.store().latestFlowVersion(tenant, name[0], name[1])
                : Optional.empty();
        if (version.isEmpty()) {
            writes.failed(step, path, attempt, Errors.of("subflow.unknown", "step '" + step.id()
                    + "' starts flow '" + step.flow() + "', which is not deployed (expected namespace/id)",
                    step.id()),
                    now, now);
            return;
        }
        FlowVersion v = version.get();
        ExecutionRecord child = new ExecutionRecord(tenant, childId(state.id(), path), v.namespace(),
                v.flowId(),
                v.version(), ExecutionStatus.QUEUED, input, SUBFLOW_TRIGGER, null, null, now, now, null, null,
                null, null, 0,
                state.id(),
                path);
        List<String> problems;
        try {
            problems = worker.inputProblems(worker.flowOf(child).flow().inputSchema(), input);
        } catch (RuntimeException e) {
            problems = List.of("the child flow cannot be loaded: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            writes.failed(step, path, attempt,
                    Errors.of("subflow.input", "step '" + step.id() + "': input of flow '"
                            + step.flow() + "' is invalid: " + String.join("; ", problems), step.id()),
                    now, now);
            return;
        }
        writes.alsoCommit(Transition.create(child));
        writes.put(step, path, StepStatus.RUNNING, attempt, null, null, now, null,
                now.plus(worker.settings().subflowPoll()));
    }
}
