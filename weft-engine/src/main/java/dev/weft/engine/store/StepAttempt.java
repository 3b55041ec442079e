package dev.weft.engine.store;

import java.time.Instant;
import java.util.Locale;

/**
 * One finished attempt of one step path of an execution, kept for good: a retry of the execution
 * forgets the step's row but not its attempts. The engine writes one for every attempt that does not
 * end the step well: each failure (also one that will be retried) and each attempt a crash cut off. The
 * attempt that succeeds writes none, for a call as for a transform: the step's row says all there is
 * (its output holds the target's status), and a retry of the execution that forgets that row records its
 * attempt then. {@code ExecutionView} lists both. Immutable.
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

        private final String wireName = name().toLowerCase(Locale.ROOT);

        /** The name in API answers and in the store: lower case. */
        public String wireName() {
            return wireName;
        }

        public static Outcome ofWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
