package dev.weft.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable event feed (a transactional outbox): events are written in the same commit as the changes
 * they report ({@link Transition#events()}, flow deploys and deletes, cancels) or on their own
 * ({@link #append}); readers go through them in feed order, each remembering how far it got under a name
 * of its own. Implementations are thread-safe.
 */
public interface EventStore {

    /**
     * Writes events in one transaction of their own (custom events published through the API); returns
     * them with their positions.
     */
    List<EventRecord> append(List<EventRecord> events);

    /**
     * The events the query selects, in feed order. A reader that goes on from the last one's position
     * misses no event committed before or after this call: on PostgreSQL, the events of transactions that
     * may still commit are held back until they have.
     */
    List<EventRecord> read(EventQuery query);

    /** How far the named consumer has read; empty for a consumer that has saved nothing yet. */
    Optional<EventPosition> position(String consumer);

    /**
     * Records that the named consumer has handled every event up to {@code position}. A position before
     * the saved one is ignored, so that two nodes running the same consumer never move it back.
     */
    void savePosition(String consumer, EventPosition position, Instant now);

    /** The position of the newest event readable now, or {@link EventPosition#START} when there is none. */
    EventPosition head();

    /** Deletes up to {@code max} of the oldest events that occurred before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff, int max);
}
