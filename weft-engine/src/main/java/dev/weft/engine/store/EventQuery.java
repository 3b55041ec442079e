package dev.weft.engine.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Which events to read from the feed: those after {@code after}, in feed order, optionally of one tenant,
 * of some types, of one execution, or since an instant. Immutable.
 *
 * @param tenantId one tenant's events, or null for every tenant's (the engine's own consumers)
 * @param after read the events after this position
 * @param types only these types; empty for all
 * @param executionId only this execution's events, or null
 * @param since only events that occurred at or after this instant, or null
 * @param limit at most this many (1 to {@link #MAX_LIMIT})
 * @param childrenOnly only events of executions that are a subflow's child (their payload names a
 *     {@code parentId})
 */
public record EventQuery(String tenantId, EventPosition after, Set<String> types, String executionId,
        Instant since, int limit, boolean childrenOnly) {

    public static final int MAX_LIMIT = 1000;

    public EventQuery {
        Objects.requireNonNull(after, "after");
        types = Set.copyOf(types);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", but was " + limit);
        }
    }

    /** A query of all events, children's or not. */
    public EventQuery(String tenantId, EventPosition after, Set<String> types, String executionId,
            Instant since,
            int limit) {
        this(tenantId, after, types, executionId, since, limit, false);
    }

    /** Every tenant's events after {@code after}, up to {@code limit}. */
    public static EventQuery after(EventPosition after, int limit) {
        return new EventQuery(null, after, Set.of(), null, null, limit);
    }
}
