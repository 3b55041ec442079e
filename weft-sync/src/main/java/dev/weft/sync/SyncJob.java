package dev.weft.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.sync.SyncSide;
import java.util.Objects;

/**
 * A data sync job as declared ({@code kind: sync}): two sides, the direction, the mapping of each direction
 * (an object of field names to JSONata templates, as a flow step's {@code with}), the conflict rules, what a
 * deletion does, the batch size and the schedule. Read and checked by {@link SyncJobReader}. Immutable.
 *
 * @param toRight the mapping from a left record to a right one, or null when nothing is copied to the right
 * @param toLeft the mapping from a right record to a left one, or null when nothing is copied to the left
 * @param schedule when it runs by itself, or null: only when asked
 */
public record SyncJob(String id, String description, SideSpec left, SideSpec right, Direction direction,
        JsonNode toRight, JsonNode toLeft, ConflictPolicy conflicts, DeletePolicy deletes, int batchSize,
        SyncSchedule schedule) {
    /**
     * Records per page. Each page costs a few fixed round trips (a read, a link lookup, a write, a commit), so
     * larger pages sync faster: 48,000 rows/s at 1,000 against 66,000 at 5,000 in docs/BENCHMARKS.md.
     */
    public static final int DEFAULT_BATCH_SIZE = 5000;
    public static final int MAX_BATCH_SIZE = 10_000;

    public SyncJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(conflicts, "conflicts");
        Objects.requireNonNull(deletes, "deletes");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE
                    + ", but was " + batchSize);
        }
    }

    public SideSpec side(SyncSide side) {
        return side == SyncSide.LEFT ? left : right;
    }

    /** The mapping that writes records to {@code side}, or null. */
    public JsonNode mappingTo(SyncSide side) {
        return side == SyncSide.LEFT ? toLeft : toRight;
    }
}
