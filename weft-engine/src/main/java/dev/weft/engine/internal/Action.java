package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.expr.Scope;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.StepRecord;

/** What the planner decided must happen next for one step path of an execution. */
sealed interface Action {

    String path();

    /** Start attempt {@code attempt} of a step that has no record yet, or whose retry is due. */
    record Start(Step step, String path, Scope scope, int attempt) implements Action {
    }

    /** Run again the effect of a call whose start was committed but whose end was not (a crash). */
    record Rerun(Step step, String path, Scope scope, StepRecord record) implements Action {
    }

    /** Mark a waiting or composite step succeeded; {@code signalSeq} is consumed when not negative. */
    record Complete(Step step, String path, JsonNode output, long signalSeq) implements Action {
    }

    /** Mark a waiting or composite step failed (an await timed out, a branch failed). */
    record Fail(Step step, String path, JsonNode error) implements Action {
    }

    /**
     * Start a sub-step the planner made itself (an agent's model turn, tool call or approval), with its input
     * worked out from the records; {@code interrupted} is the record of an attempt cut off by a crash, to be
     * run again, or null.
     */
    record Begin(Step step, String path, JsonNode input, int attempt,
            StepRecord interrupted) implements Action {
    }

    /** Look whether the child execution of a subflow step has finished. */
    record CheckChild(Step step, String path, Scope scope) implements Action {
    }
}
