package dev.weft.engine.store;

/** Where an execution is in its life. Terminal states never change again. */
public enum ExecutionStatus {
    /** Accepted and committed, no step started yet. */
    QUEUED,
    /** A worker holds it and steps are running. */
    RUNNING,
    /** Nothing in flight: it waits for a timer, a retry backoff or a signal ({@code dueAt} says until when). */
    WAITING, SUCCEEDED, FAILED, CANCELLED;

    // Computed once: the group commit's writer names the status of every row it writes.
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The name in API answers and in the store: lower case. */
    public String wireName() {
        return wireName;
    }
}
