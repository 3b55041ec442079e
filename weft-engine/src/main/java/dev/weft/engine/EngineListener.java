package dev.weft.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.StepStatus;

/**
 * Observes an engine's progress (the CLI prints it; metrics will count it). Called on the executions'
 * threads after the change is committed; implementations must be thread-safe and quick. Every method
 * does nothing by default.
 */
public interface EngineListener {

    /**
     * A new execution was committed by this engine: a start (an API call, a webhook, a schedule, a
     * connector trigger), a subflow's child, a flow-completion trigger's execution or a replay; not a
     * repeated start that found the first one. A listener that throws is logged; the execution runs.
     */
    default void executionStarted(ExecutionRecord execution) {
    }

    /** A step's start was committed; {@code attempt} is 1 for the first try. */
    default void stepStarted(String executionId, String path, String type, int attempt) {
    }

    /** A step's result was committed: SUCCEEDED, FAILED, SKIPPED or WAITING (timer, signal, retry backoff). */
    default void stepFinished(String executionId, String path, StepStatus status, JsonNode outputOrError) {
    }

    /** A {@code respond} step of the execution produced {@code response} ({@code status, headers, body}). */
    default void responded(String executionId, JsonNode response) {
    }

    /** An execution reached a terminal state (committed), or was cancelled. */
    default void executionFinished(ExecutionRecord execution) {
    }

    /** An execution has nothing to do until a timer or a signal; its lease was released. */
    default void executionParked(ExecutionRecord execution, boolean awaitingSignal) {
    }
}
