package dev.weft.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a record deleted on one side does to its counterpart: deleted too ({@code propagate}), kept with a
 * field set to a value ({@code mark}), or left alone ({@code ignore}, the default). Deletions are seen by full
 * comparisons (a resync, or a side read by full scans): a record that changed-since reading cannot return is
 * one that is gone. A mark drops the record's link; in a two-way job an unlinked record that carries the mark
 * is read as a deleted record's mark, not as a new record to copy back. Immutable.
 *
 * @param field the field a mark sets, or null unless {@code action} is MARK
 * @param value the value a mark sets, or null unless {@code action} is MARK
 */
public record DeletePolicy(Action action, String field, JsonNode value) {
    public static final DeletePolicy IGNORE = new DeletePolicy(Action.IGNORE, null, null);

    public enum Action {
        PROPAGATE, MARK, IGNORE
    }

    public DeletePolicy {
        Objects.requireNonNull(action, "action");
        if ((action == Action.MARK) != (field != null && value != null)) {
            throw new IllegalArgumentException("a mark needs its field and value, and only a mark has them,"
                    + " but was " + action + " with field " + field + " and value " + value);
        }
    }
}
