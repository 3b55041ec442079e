package dev.weft.engine.store.sync;

/**
 * What a run did to records, or what one batch adds to it. Immutable.
 *
 * @param read records read from either side
 * @param unchanged records read that needed no write (already equal, or the sync's own write coming back)
 * @param conflicts records held for review ({@code manual})
 * @param failed records a side refused, or that could not be mapped; each is retried by the next run
 */
public record SyncCounts(long read, long created, long updated, long deleted, long unchanged, long conflicts,
        long failed) {

    public static final SyncCounts ZERO = new SyncCounts(0, 0, 0, 0, 0, 0, 0);

    public SyncCounts plus(SyncCounts o) {
        return new SyncCounts(read + o.read, created + o.created, updated + o.updated, deleted + o.deleted,
                unchanged + o.unchanged, conflicts + o.conflicts, failed + o.failed);
    }
}
