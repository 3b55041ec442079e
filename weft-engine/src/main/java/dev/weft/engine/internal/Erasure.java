package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sensitive flow's execution keeps of its steps once it has ended ({@code sensitive: true}): their
 * status, times and errors, not their inputs and outputs.
 */
public final class Erasure {
    /** What an erased output reads. */
    static final JsonNode ERASED = JsonNodeFactory.instance.objectNode()
            .put("erased", "the flow is sensitive: step data is kept only while its execution runs");

    private Erasure() {
    }

    /** The step row without its input and output. */
    static StepRecord of(StepRecord r) {
        return new StepRecord(r.executionId(), r.path(), r.stepId(), r.type(), r.status(), r.attempt(), null,
                r.output() == null && r.outputRef() == null ? null : ERASED, null, r.error(), r.startedAt(),
                r.finishedAt(), r.dueAt(), r.seq());
    }

    /** Whether the row still holds data to erase. */
    static boolean holdsData(StepRecord r) {
        return r.input() != null || (r.output() != null && !ERASED.equals(r.output()))
                || r.outputRef() != null;
    }

    /**
     * The transition that erases the step data of {@code cancelled}, an execution the store has just
     * cancelled (and fenced: its lease version moved on, so no worker still running it can commit after this).
     */
    public static Transition afterCancel(ExecutionRecord cancelled, List<StepRecord> steps) {
        List<StepRecord> erased = new ArrayList<>();
        for (StepRecord r : steps) {
            if (holdsData(r)) {
                erased.add(of(r));
            }
        }
        return new Transition(Transition.Kind.UPDATE, cancelled, cancelled.leaseVersion(), erased, List.of(),
                List.of(), List.of(), List.of(), List.of());
    }
}
