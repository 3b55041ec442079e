package dev.weft.sync;

import java.util.List;
import java.util.Objects;

/**
 * One side of a job: a system, a record type on it (a table, an object type, a doctype), the fields that
 * make a record's key, where its changes come from, and how a record new to the job is matched to one the
 * side has already. Immutable.
 *
 * @param cursor the modified-at field read changes are ordered by, or null: every run compares a full scan
 *     by content hash, unless {@code events}
 * @param events whether the side's changes come only as change events (keys posted to the job), read by
 *     key; a resync still compares a full scan
 * @param match fields of this side that identify a record coming from the other side when the mapping
 *     gives no key of this side (an e-mail, an external id), or empty: the mapping gives this side's key
 */
public record SideSpec(String system, String type, List<String> key, String cursor, List<String> match,
        boolean events) {

    public SideSpec {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(type, "type");
        key = List.copyOf(key);
        match = List.copyOf(match);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must name at least one field, but was empty");
        }
        if (events && cursor != null) {
            throw new IllegalArgumentException(
                    "a side's changes come from a cursor or from events, not both");
        }
    }

    /** A side whose changes are read by cursor or by full scans. */
    public SideSpec(String system, String type, List<String> key, String cursor, List<String> match) {
        this(system, type, key, cursor, match, false);
    }

    /** The fields the other side's writes are matched on: {@link #match} if given, else {@link #key}. */
    public List<String> writeKey() {
        return match.isEmpty() ? key : match;
    }
}
