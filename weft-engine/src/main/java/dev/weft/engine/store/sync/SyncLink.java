package dev.weft.engine.store.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * One record known on both sides of a job: its key on each side (the key fields' values as a canonical JSON
 * array, {@code [42]} or {@code ["a@example.com"]}), the hash of each side's synced content when it was last
 * synced (a record read back with the same hash is the sync's own write coming back, or a change of fields
 * the sync does not carry), and the last synced content itself when the job needs it for a three-way merge.
 * Immutable.
 *
 * @param base the last synced content as JSON text, or null when the job keeps none
 */
public record SyncLink(String leftKey, String rightKey, String leftHash, String rightHash, String base,
        Instant syncedAt) {

    public SyncLink {
        Objects.requireNonNull(leftKey, "leftKey");
        Objects.requireNonNull(rightKey, "rightKey");
        Objects.requireNonNull(leftHash, "leftHash");
        Objects.requireNonNull(rightHash, "rightHash");
        Objects.requireNonNull(syncedAt, "syncedAt");
    }

    /** The key on {@code side}. */
    public String key(SyncSide side) {
        return side == SyncSide.LEFT ? leftKey : rightKey;
    }

    /** The hash of {@code side}'s content at the last sync. */
    public String hash(SyncSide side) {
        return side == SyncSide.LEFT ? leftHash : rightHash;
    }
}
