package dev.weft.engine.event;

import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One durable reader of the event feed, on a virtual thread of its own: reads a batch after its saved
 * position, hands it to its handler, saves the position of the batch's last event, and goes on. After a
 * crash it starts again from the saved position, so each event is handled at least once. Thread-safe.
 */
public final class FeedConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedConsumer.class);
    static final int BATCH = 500;
    /** How often a nudge that found nothing new is followed by a quick look: 10 ms doubling to ~5 s. */
    private static final int NUDGE_RETRIES = 10;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Handles a batch of events; throwing hands the same batch again later. */
    @FunctionalInterface
    public interface Handler {
        void handle(List<EventRecord> events) throws Exception;
    }

    private final EventStore store;
    private final Clock clock;
    private final String name;
    private final Duration poll;
    private final Handler handler;
    private final Semaphore nudges = new Semaphore(0);
    /** The types read (empty: all), and whether only subflow children's events. */
    private final java.util.Set<String> types;
    private final boolean childrenOnly;
    /** Where a tail starts; null for a durable consumer, which starts from its saved position. */
    private final EventPosition from;
    private volatile boolean closed;
    private EventPosition position;
    private Thread thread;

    /**
     * @param types the types it reads; empty for all
     * @param childrenOnly only the events of subflow children
     * @param from where a tail starts, keeping its position in memory (a restarted process starts again
     *     where it says); null for a durable consumer, which starts from its saved position and saves it
     */
    FeedConsumer(EventStore store, Clock clock, String name, Duration poll, Handler handler,
            java.util.Set<String> types, boolean childrenOnly, EventPosition from) {
        this.types = java.util.Set.copyOf(types);
        this.childrenOnly = childrenOnly;
        this.from = from;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "a feed consumer needs a name, under which its position is kept");
        }
        if (poll == null || poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll must be a positive duration, but was " + poll);
        }
        this.store = store;
        this.clock = clock;
        this.name = name;
        this.poll = poll;
        this.handler = handler;
    }

    void start() {
        thread = Thread.ofVirtual().name("weft-feed-" + name).start(this::loop);
    }

    /** Makes this reader look for new events now (its process has just committed some it wants). */
    public void nudge() {
        if (nudges.availablePermits() == 0) {
            nudges.release();
        }
    }

    private void loop() {
        int failures = 0;
        // After a nudge whose events were not readable yet (on PostgreSQL a transaction still running holds
        // them back), look again soon, backing off from 10 ms, instead of waiting a whole poll.
        int unanswered = -1;
        while (!closed) {
            try {
                if (position == null) {
                    position = from != null ? from : store.position(name).orElse(EventPosition.START);
                }
                // A filter skips events: the page's next position is past what it skipped (EventPage).
                EventPage page = EventPage.read(store,
                        new EventQuery(null, position, types, null, null, BATCH, childrenOnly));
                List<EventRecord> batch = page.events();
                EventPosition before = position;
                if (!batch.isEmpty()) {
                    handler.handle(batch);
                }
                position = page.next();
                if (from == null && !position.equals(before)) {
                    store.savePosition(name, position, clock.instant());
                }
                failures = 0;
                if (!batch.isEmpty()) {
                    unanswered = -1;
                } else if (unanswered >= 0) {
                    unanswered++;
                }
                if (batch.size() < BATCH && !closed) {
                    long wait = unanswered >= 0 && unanswered < NUDGE_RETRIES
                            ? Math.min(poll.toMillis(), 10L << unanswered)
                            : poll.toMillis();
                    if (nudges.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
                        unanswered = 0;
                    }
                    nudges.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                failures++;
                long backoff = Math.min(MAX_BACKOFF.toMillis(), poll.toMillis() << Math.min(failures, 10));
                LOG.warn("event consumer {} failed at position {}; it tries the same events again in {} ms",
                        name, position, backoff, e);
                try {
                    nudges.tryAcquire(backoff, TimeUnit.MILLISECONDS); // a close ends the pause
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * Stops after the read or handler in progress (not interrupted: an interrupted JDBC call breaks its
     * connection), waiting up to 10 s for it.
     */
    @Override
    public void close() {
        closed = true;
        nudges.release();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                if (!t.join(Duration.ofSeconds(10))) {
                    LOG.warn("event consumer {} did not stop within 10 s", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
