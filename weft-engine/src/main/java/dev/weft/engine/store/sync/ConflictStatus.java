package dev.weft.engine.store.sync;

/**
 * Where a held conflict stands: open for review, resolved by someone and waiting for the next run to write
 * the resolution to both sides, or applied.
 */
public enum ConflictStatus {
    OPEN, RESOLVED, APPLIED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
