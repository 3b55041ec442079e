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
    private volatile boolean closed;
    private volatile EventPosition position;
    private Thread thread;

    FeedConsumer(EventStore store, Clock clock, String name, Duration poll, Handler handler) {
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

    void nudge() {
        if (nudges.availablePermits() == 0) {
            nudges.release();
        }
    }

    /** The position of the last event handled, as saved; null before the first read. */
    public EventPosition position() {
        return position;
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try {
                if (position == null) {
                    position = store.position(name).orElse(EventPosition.START);
                }
                List<EventRecord> batch = store.read(EventQuery.after(position, BATCH));
                if (!batch.isEmpty()) {
                    handler.handle(batch);
                    EventPosition last = batch.get(batch.size() - 1).position();
                    store.savePosition(name, last, clock.instant());
                    position = last;
                }
                failures = 0;
                if (batch.size() < BATCH) {
                    nudges.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
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
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
