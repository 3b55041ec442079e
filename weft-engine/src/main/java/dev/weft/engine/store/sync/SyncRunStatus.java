package dev.weft.engine.store.sync;

/** Where a run stands: queued until a node claims it, running while a lease holds it, then ended. */
public enum SyncRunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
