package dev.weft.engine.event;

import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.EventStore;
import java.util.List;

/**
 * A page of the feed and where to read the next one from.
 *
 * @param events the events the query selected, in feed order
 * @param next after the last of them; or, when the query filtered (by tenant, type, execution, time or
 *     parent) and the page is not full, after everything that was readable before the read: the filter
 *     looked at it all and skipped it, so the next read starts at what is new instead of reading it again
 */
public record EventPage(List<EventRecord> events, EventPosition next) {

    /** Reads a page from {@code store}, the one way the feed is read by position. */
    static EventPage read(EventStore store, EventQuery q) {
        boolean filtered = q.tenantId() != null || !q.types().isEmpty() || q.executionId() != null
                || q.since() != null || q.childrenOnly();
        // Taken before the read: on PostgreSQL, below the horizon nothing new can appear later.
        EventPosition head = filtered ? store.head() : null;
        List<EventRecord> events = store.read(q);
        EventPosition next = events.isEmpty() ? q.after() : events.getLast().position();
        if (head != null && events.size() < q.limit() && head.compareTo(next) > 0) {
            next = head;
        }
        return new EventPage(events, next);
    }
}
