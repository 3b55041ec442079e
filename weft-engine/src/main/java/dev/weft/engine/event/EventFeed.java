package dev.weft.engine.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable event feed as its readers see it: listing events, publishing custom ones, and consumers that
 * each read the feed by a durable position of their own (at least once, in feed order), across restarts
 * and {@code kill -9}. Also deletes events older than the retention. Thread-safe.
 */
public final class EventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    /** How long events are kept by default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** The largest payload a custom event may have, in bytes of JSON. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** Custom event types: dotted words, such as {@code invoice.approved}. */
    static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)+");
    /** Prefixes of the platform's own event types, which only the platform writes. */
    static final List<String> RESERVED_PREFIXES = List.of("execution.", "step.", "flow.", "system.",
            "credential.", "endpoint.", "weft.");
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
    private static final int SWEEP_BATCH = 1000;

    private final EventStore store;
    private final Clock clock;
    private final Duration retention;
    private final List<FeedConsumer> consumers = new CopyOnWriteArrayList<>();
    private volatile Thread sweeper;
    private final Semaphore stopSweeping = new Semaphore(0);

    public EventFeed(EventStore store, Clock clock, Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("events.retention must be a positive duration, but was "
                    + retention);
        }
        this.retention = retention;
    }

    /** The events the query selects, in feed order, and where to read on from ({@link EventPage#next}). */
    public EventPage read(EventQuery query) {
        return EventPage.read(store, query);
    }

    /** Whether {@code type} is written as event types are (dotted lower-case words), the platform's or not. */
    public static boolean isTypeName(String type) {
        return type != null && CUSTOM_TYPE.matcher(type).matches();
    }

    /**
     * Checks a custom event's type and payload; the problem, naming the field and the fix, or null when
     * it is fine.
     */
    public static String problem(String type, JsonNode payload) {
        if (type == null || type.isBlank()) {
            return "type is required: a custom event type written as dotted lower-case words, such as"
                    + " invoice.approved";
        }
        for (String reserved : RESERVED_PREFIXES) {
            if (type.startsWith(reserved)) {
                return "type '" + type + "' starts with '" + reserved + "', which is reserved for the"
                        + " platform's own events; choose another prefix, such as orders.";
            }
        }
        if (!CUSTOM_TYPE.matcher(type).matches()) {
            return "type must be dotted lower-case words (letters, digits, '-' and '_'), at least two, such as"
                    + " invoice.approved, but was '" + type + "'";
        }
        if (payload != null && payload.toString().length() > MAX_PAYLOAD_BYTES) {
            return "payload is larger than " + MAX_PAYLOAD_BYTES + " bytes of JSON; put large data in a blob"
                    + " (POST /api/v1/blobs) and send its reference";
        }
        return null;
    }

    /**
     * Publishes a custom event on its own (not with an execution's change); returns it as written, with
     * its position.
     *
     * @throws IllegalArgumentException when the type or payload is not acceptable ({@link #problem})
     */
    public EventRecord publish(String tenantId, String type, String executionId, JsonNode payload) {
        String problem = problem(type, payload);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        EventRecord written = store.append(
                List.of(EventRecord.of(tenantId, type, executionId, payload, clock.instant()))).get(0);
        nudge();
        return written;
    }

    /**
     * Publishes one of the platform's own events that is not written with an engine's change (a system's
     * breaker opened, a credential rotated); returns it as written, with its position. Unlike
     * {@link #publish}, the type may, and should, have one of the platform's prefixes.
     *
     * @throws IllegalArgumentException when the type is not dotted lower-case words
     */
    public EventRecord publishPlatform(String tenantId, String type, JsonNode payload) {
        if (!isTypeName(type)) {
            throw new IllegalArgumentException("type must be dotted lower-case words, such as"
                    + " system.breaker_opened, but was '" + type + "'");
        }
        EventRecord written = store.append(
                List.of(EventRecord.of(tenantId, type, null, payload, clock.instant()))).get(0);
        nudge();
        return written;
    }

    /**
     * Starts a consumer: a virtual thread that hands every event after the consumer's saved position to
     * {@code handler}, batch by batch, and saves the position after each batch the handler returned from.
     * A batch whose handler throws is handed again after a pause, so events are seen at least once.
     *
     * @param name the durable name of the consumer's position; two nodes running one name share it
     * @param poll how often the store is asked for new events when nothing nudges the consumer
     */
    public FeedConsumer subscribe(String name, Duration poll, FeedConsumer.Handler handler) {
        return subscribe(name, java.util.Set.of(), false, poll, handler);
    }

    /**
     * As {@link #subscribe(String, Duration, FeedConsumer.Handler)}, for the events of {@code types} only
     * (empty: all), and with {@code childrenOnly} only those of subflow children; the saved position moves
     * past the events it skips.
     */
    public FeedConsumer subscribe(String name, java.util.Set<String> types, boolean childrenOnly,
            Duration poll,
            FeedConsumer.Handler handler) {
        FeedConsumer c = new FeedConsumer(store, clock, name, poll, handler, types, childrenOnly, null);
        consumers.add(c);
        c.start();
        return c;
    }

    /**
     * Starts a tail: a consumer of this process only, that hands {@code handler} the events of
     * {@code types} committed after now, without a saved position (a restarted process starts from its
     * own now). For caches that every node keeps, such as the catalogue of deployed flows.
     */
    public FeedConsumer tail(String name, java.util.Set<String> types, Duration poll,
            FeedConsumer.Handler handler) {
        FeedConsumer c = new FeedConsumer(store, clock, name, poll, handler, types, false, store.head());
        consumers.add(c);
        c.start();
        return c;
    }

    /** Makes every consumer of this process look for new events now (this process has just committed some). */
    public void nudge() {
        consumers.forEach(FeedConsumer::nudge);
    }

    /** Starts deleting, every 10 minutes, the events older than the retention. */
    public void startRetention() {
        if (sweeper != null) {
            return;
        }
        sweeper = Thread.ofVirtual().name("weft-event-retention").start(() -> {
            while (true) {
                try {
                    sweep();
                } catch (RuntimeException e) {
                    LOG.warn("could not delete old events; trying again in {}", SWEEP_EVERY, e);
                }
                try {
                    if (stopSweeping.tryAcquire(SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Deletes the events older than the retention now; returns how many. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = store.deleteBefore(cutoff, SWEEP_BATCH);
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        if (total > 0) {
            LOG.info("deleted {} events older than {} (events.retention)", total, retention);
        }
        return total;
    }

    @Override
    public void close() {
        consumers.forEach(FeedConsumer::close);
        consumers.clear();
        Thread s = sweeper;
        if (s != null) {
            stopSweeping.release(); // not interrupted: an interrupted JDBC call breaks its connection
            try {
                s.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
