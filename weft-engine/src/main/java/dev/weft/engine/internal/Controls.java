package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.ExecutionControlException;
import dev.weft.engine.ExecutionView;
import dev.weft.engine.InvalidInputException;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Retry and replay of finished executions. A retry re-opens a failed execution: the failed steps and
 * everything their failure ran are forgotten, and the execution continues from there with the outputs
 * of the steps that succeeded. A replay starts a new execution that reuses the outputs of the steps that
 * completed before a named step, and runs that step and everything after it again. Both are pure
 * functions of the recorded rows; the caller commits. Stateless.
 */
public final class Controls {
    private Controls() {
    }

    /**
     * The transition that re-opens {@code failed} (QUEUED again), forgetting the failed steps.
     *
     * @param steps its step rows, with outputs stored out of line read back in
     */
    public static Transition retry(ExecutionRecord failed, List<StepRecord> steps, Instant now)
            throws ExecutionControlException {
        if (failed.status() != ExecutionStatus.FAILED) {
            throw new ExecutionControlException("retry.not_failed", "execution " + failed.id() + " is "
                    + failed.status().wireName() + "; only a failed execution can be retried (replay runs any"
                    + " execution again from a step)");
        }
        if (failed.error() != null && !failed.error().path("compensated").isEmpty()) {
            throw new ExecutionControlException("retry.compensated", "execution " + failed.id() + " already"
                    + " ran its compensation steps, which undid the steps a retry would reuse; replay it"
                    + " from its first step instead");
        }
        // An agent's failed tool calls are not failures of the execution: the agent told its model and went on.
        long firstFailure = steps.stream().filter(s -> s.status() == StepStatus.FAILED)
                .filter(s -> !AgentTurns.isToolCall(s))
                .mapToLong(StepRecord::seq).min().orElse(Long.MAX_VALUE);
        if (firstFailure == Long.MAX_VALUE && failed.error() != null
                && failed.error().path("code").asText().equals("input.invalid")) {
            throw new ExecutionControlException("retry.invalid_input", "execution " + failed.id() + " failed"
                    + " because its input was refused; start a new execution with valid input");
        }
        // The failed steps and everything recorded after the first failure (the onError handlers it ran,
        // siblings that finished after it) run again; idempotency keys make repeated effects safe.
        List<String> removed = new ArrayList<>();
        List<StepAttempt> kept = new ArrayList<>();
        for (StepRecord s : steps) {
            if (s.status() == StepStatus.FAILED && !AgentTurns.isToolCall(s) || s.seq() >= firstFailure) {
                removed.add(s.path());
                if (s.stepId() != null && !ExecutionView.attemptRecorded(s)) {
                    kept.add(lastAttempt(s, now));
                }
            }
        }
        ExecutionRecord reopened = new ExecutionRecord(failed.tenantId(), failed.id(), failed.namespace(),
                failed.flowId(), failed.flowVersion(), ExecutionStatus.QUEUED, failed.input(),
                failed.trigger(),
                null, null, failed.createdAt(), now, null, null, null, null, failed.leaseVersion(),
                failed.parentId(), failed.parentStepPath());
        return new Transition(Transition.Kind.UPDATE, reopened, failed.leaseVersion(), List.of(), List.of(),
                List.of(), removed, kept, List.of());
    }

    /**
     * The attempt a forgotten step row describes and no attempt row records yet (a step that succeeded or
     * was skipped, a step cut off when the execution failed): kept, so that the step's history still shows
     * it after the retry, with the target status a succeeded call's output holds.
     */
    private static StepAttempt lastAttempt(StepRecord s, Instant now) {
        StepAttempt.Outcome outcome = switch (s.status()) {
            case SUCCEEDED -> StepAttempt.Outcome.SUCCEEDED;
            case SKIPPED -> StepAttempt.Outcome.SKIPPED;
            default -> StepAttempt.Outcome.INTERRUPTED;
        };
        Integer targetStatus = outcome == StepAttempt.Outcome.SUCCEEDED && "call".equals(s.type())
                ? ExecutionView.targetStatus(s.output())
                : null;
        return new StepAttempt(s.executionId(), s.path(), s.stepId(), s.type(), s.attempt(), outcome,
                s.startedAt(), s.finishedAt() != null ? s.finishedAt() : now, null, null, null, targetStatus);
    }

    /**
     * The creation of a new execution of {@code target} that replays {@code original} from the step
     * {@code fromStep} (a step id, or a step path such as {@code items[2]/fetch}).
     *
     * @param input the new execution's input; null keeps the original's
     */
    public static Transition replay(ExecutionRecord original, List<StepRecord> steps, String fromStep,
            JsonNode input, FlowVersion target, Flow targetFlow, InputSchemas schemas, String newId,
            Instant now) throws ExecutionControlException, InvalidInputException {
        if (!original.status().terminal()) {
            throw new ExecutionControlException("replay.not_finished", "execution " + original.id() + " is "
                    + original.status().wireName() + "; cancel it or wait for its end before replaying it");
        }
        Set<String> targetIds = targetFlow.stepIds();
        if (!targetIds.contains(fromStep) && steps.stream().noneMatch(s -> s.path().equals(fromStep))) {
            throw new ExecutionControlException("replay.unknown_step", "flow " + targetFlow.qualifiedName()
                    + " v" + target.version() + " has no step '" + fromStep + "'");
        }
        long cut = steps.stream()
                .filter(s -> fromStep.equals(s.path()) || fromStep.equals(s.stepId()))
                .mapToLong(StepRecord::seq).min().orElse(-1);
        if (cut < 0) {
            throw new ExecutionControlException("replay.step_not_run", "execution " + original.id()
                    + " never ran step '" + fromStep + "', so there is nothing recorded before it to reuse;"
                    + " replay from a step it ran");
        }
        JsonNode in = input == null ? original.input() : input;
        List<String> problems = schemas.problems(targetFlow.inputSchema(), in);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(targetFlow.qualifiedName(), problems);
        }
        List<StepRecord> kept = new ArrayList<>();
        for (StepRecord s : steps) {
            boolean done = s.status() == StepStatus.SUCCEEDED || s.status() == StepStatus.SKIPPED;
            boolean known = s.stepId() == null || targetIds.contains(s.stepId());
            if (s.seq() < cut && done && known && !s.path().endsWith(Planner.COMPENSATE_SUFFIX)) {
                kept.add(new StepRecord(newId, s.path(), s.stepId(), s.type(), s.status(), s.attempt(),
                        s.input(), s.output(), s.outputRef(), s.error(), s.startedAt(), s.finishedAt(),
                        s.dueAt(), s.seq()));
            }
        }
        ObjectNode trigger = original.trigger() != null && original.trigger().isObject()
                ? ((ObjectNode) original.trigger()).deepCopy()
                : JsonNodeFactory.instance.objectNode().put("type", "manual");
        trigger.put("replayOf", original.id());
        trigger.put("replayFrom", fromStep);
        ExecutionRecord row = new ExecutionRecord(original.tenantId(), newId, target.namespace(),
                target.flowId(), target.version(), ExecutionStatus.QUEUED, in, trigger, null, null, now, now,
                null, null, null, null, 0, null, null);
        return new Transition(Transition.Kind.CREATE, row, 0, kept, List.of(), List.of(), List.of(),
                List.of(), List.of(dev.weft.engine.store.EventRecord.ofExecution(
                        dev.weft.engine.store.EventRecord.EXECUTION_STARTED, row, row.createdAt())));
    }
}
