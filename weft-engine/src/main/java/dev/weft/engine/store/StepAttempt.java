package dev.weft.engine.store;

import java.time.Instant;
import java.util.Locale;

/**
 * One finished attempt of one step path of an execution, kept for good: a retry of the execution
 * forgets the step's row but not its attempts. The engine writes one for every attempt of a call (each
 * retry, each re-run after a crash) and for every attempt that fails; a call-free step that succeeds
 * at once (a transform, a switch) writes none, since its step row says all there is. Immutable.
 *
 * @param attempt the engine's attempt number within one run of the execution (1 for the first); a
 *     retry of the execution starts again from 1
 * @param outcome how the attempt ended
 * @param errorCode the error's code, or null when the attempt did not fail
 * @param retryable whether the error may go away when the step is tried again; null without an error
 * @param targetStatus the status the target answered with (an HTTP status), when the connector
 *     reports one; null otherwise
 */
public record StepAttempt(
        String executionId,
        String path,
        String stepId,
        String type,
        int attempt,
        Outcome outcome,
        Instant startedAt,
        Instant finishedAt,
        String errorCode,
        String errorMessage,
        Boolean retryable,
        Integer targetStatus) {

    /** How an attempt ended. */
    public enum Outcome {
        SUCCEEDED, FAILED,
        /** The process running it stopped before recording its result; the step ran again. */
        INTERRUPTED,
        /** Its {@code if} was false. */
        SKIPPED;

        /** The name in API answers and in the store: lower case. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome ofWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
