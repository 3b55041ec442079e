package dev.weft.sync.internal;

import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncSide;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The links of a page whose commit still runs while the next page is synced ({@link Runner}): what the store
 * is about to hold, laid over what it holds, so that a record read again in the next page is found linked.
 * Not thread-safe: used by the run's thread only.
 */
final class PendingLinks {
    private Map<String, SyncLink> byLeft = Map.of();
    private Map<String, SyncLink> byRight = Map.of();

    /** The links of the batch whose commit runs now; empty when none runs. */
    void set(List<SyncLink> links) {
        if (links.isEmpty()) {
            byLeft = Map.of();
            byRight = Map.of();
            return;
        }
        byLeft = new HashMap<>(links.size() * 2);
        byRight = new HashMap<>(links.size() * 2);
        for (SyncLink link : links) {
            byLeft.put(link.leftKey(), link);
            byRight.put(link.rightKey(), link);
        }
    }

    /** {@code stored}, the links of {@code keys} of {@code side} read from the store, with the pending ones over them. */
    Map<String, SyncLink> over(SyncSide side, Collection<String> keys, Map<String, SyncLink> stored) {
        Map<String, SyncLink> pending = side == SyncSide.LEFT ? byLeft : byRight;
        if (pending.isEmpty()) {
            return stored;
        }
        Map<String, SyncLink> merged = new HashMap<>(stored);
        for (String key : keys) {
            SyncLink link = pending.get(key);
            if (link != null) {
                merged.put(key, link);
            }
        }
        return merged;
    }
}
