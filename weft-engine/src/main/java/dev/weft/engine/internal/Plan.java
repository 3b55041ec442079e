package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionStatus;
import java.time.Instant;
import java.util.List;

/**
 * The planner's answer for an execution: actions to take now, or the terminal state, and when it
 * must be looked at again.
 *
 * @param earliestDue the earliest timer, retry or await timeout among waiting steps, or null
 * @param awaitingSignal whether some step waits for a signal
 * @param unwinding the execution has failed: it is compensating, or ending; effects still in flight
 *     must be recorded first, so that what they did is compensated too
 * @param terminal non-null when the execution has ended
 */
record Plan(List<Action> actions, Instant earliestDue, boolean awaitingSignal, boolean unwinding,
        Terminal terminal) {

    record Terminal(ExecutionStatus status, JsonNode output, JsonNode error) {
    }
}
