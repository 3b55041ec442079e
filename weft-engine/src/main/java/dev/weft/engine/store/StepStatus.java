package dev.weft.engine.store;

/** The state of one step (one path) of an execution. */
public enum StepStatus {
    /** Started: its effect may have begun. After a crash it runs again with the same idempotency key. */
    RUNNING,
    /** Waiting for a timer, a signal or a retry backoff until {@code dueAt}. */
    WAITING, SUCCEEDED,
    /** Failed after its last attempt. */
    FAILED,
    /** Its {@code if} was false. */
    SKIPPED;

    // Computed once: the group commit's writer names the status of every step row it writes.
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The name in API answers and in the store: lower case. */
    public String wireName() {
        return wireName;
    }

    public boolean done() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
