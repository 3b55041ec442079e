package dev.weft.server.api;

import dev.weft.engine.Caller;
import dev.weft.engine.EngineListener;
import dev.weft.engine.WeftClient;
import dev.weft.engine.event.FeedConsumer;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.event.EventPage;
import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/events/stream}: the tenant's event feed as Server-Sent Events, for the web UI's live
 * pages. The same events, filters and permission as {@code GET /api/v1/events}; each event's SSE id is its
 * feed cursor, so a client that reconnects with {@code Last-Event-ID} (as a browser's EventSource does by
 * itself) goes on without a gap or a repeat. A stream starts at the feed's end unless told where. Each stream
 * reads the feed on its request's own virtual thread when {@link #committed} says its tenant has new events
 * (the server tails the feed for that, nudged by {@link #waking} after this node's commits) and at least
 * every {@link #POLL}; it sends a comment (with its cursor) after
 * a heartbeat's time ({@code ui.streamHeartbeat}) without anything to say, and ends after {@link #LIFETIME} so that a revoked key or an
 * ended session stops reading within that time (the client reconnects and is authenticated again).
 * Thread-safe.
 */
public final class EventStreams implements AutoCloseable {
    static final Duration POLL = Duration.ofSeconds(5);
    static final Duration LIFETIME = Duration.ofMinutes(5);
    /** How long a browser waits before it reconnects, sent as the stream's {@code retry}. */
    static final int RETRY_MILLIS = 2_000;
    static final int BATCH = 200;
    static final Set<String> PARAMETERS = Set.of("type", "since", "execution", "cursor");

    private final WeftClient client;
    private final Supplier<EventPosition> head;
    private final int maxPerTenant;
    private final Duration heartbeat;
    private final Clock clock;
    private final Runnable firstStream;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    /** Per tenant, how many times {@link #committed} said it had new events. */
    private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Signalled when a stream ends. */
    private final Condition ended = lock.newCondition();
    private volatile boolean closed;

    /**
     * @param head the feed's end now, where a stream without a cursor starts
     * @param maxPerTenant streams one tenant may hold open at once on this node
     * @param heartbeat how long a stream may be quiet before it sends a comment
     * @param firstStream run before the first stream opens: starts what calls {@link #committed}
     */
    public EventStreams(WeftClient client, Supplier<EventPosition> head, int maxPerTenant, Duration heartbeat,
            Clock clock, Runnable firstStream) {
        this.client = client;
        this.head = head;
        this.maxPerTenant = maxPerTenant;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.firstStream = firstStream;
    }

    public List<Route> routes() {
        return List.of(Route.api("GET", "/api/v1/events/stream", this::stream));
    }

    /**
     * A listener of the engine that nudges the streams' tail of the feed (once it runs) after each commit of
     * this node that writes an execution's events, so that they are pushed at once rather than at the tail's
     * next poll. Listeners hear of a commit after it.
     */
    public static EngineListener waking(Supplier<FeedConsumer> tail) {
        Runnable nudge = () -> {
            FeedConsumer t = tail.get();
            if (t != null) {
                t.nudge();
            }
        };
        return new EngineListener() {
            @Override
            public void executionStarted(ExecutionRecord execution) {
                nudge.run();
            }

            @Override
            public void stepFinished(String executionId, String path, StepStatus status,
                    com.fasterxml.jackson.databind.JsonNode outputOrError) {
                nudge.run();
            }

            @Override
            public void executionFinished(ExecutionRecord execution) {
                nudge.run();
            }

            @Override
            public void executionParked(ExecutionRecord execution, boolean awaitingSignal) {
                nudge.run();
            }
        };
    }

    /** Events of these tenants were committed: their streams read the feed now. */
    public void committed(Collection<EventRecord> events) {
        if (events.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            events.stream().map(EventRecord::tenantId).distinct()
                    .forEach(t -> generations.merge(t, 1L, Long::sum));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many streams are open now, all tenants together. */
    public int open() {
        return open.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void stream(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), PARAMETERS, Set.of("type"));
        Set<String> types = EventsApi.types(q);
        Instant since = q.instant("since", clock.instant());
        String execution = q.one("execution");
        String lastId = x.header("Last-Event-ID");
        String from = lastId != null && !lastId.isBlank() ? lastId.trim() : q.one("cursor");
        EventPosition after;
        try {
            after = from == null ? null : EventPosition.parse(from);
        } catch (IllegalArgumentException e) {
            throw QueryParams.invalid((lastId != null ? "Last-Event-ID: " : "cursor: ") + e.getMessage()
                    + "; leave it out to start at the feed's end");
        }
        if (closed) {
            throw new ApiException(503, "stopping", "the server is stopping; connect to another node or"
                    + " again after its restart");
        }
        String tenant = x.tenant();
        AtomicInteger count = open.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerTenant) {
            count.decrementAndGet();
            x.addHeader("Retry-After", "10");
            throw new ApiException(429, "stream.limit", "tenant " + tenant + " has " + maxPerTenant
                    + " event streams open on this server already (ui.maxStreamsPerTenant); close one, or"
                    + " read GET /api/v1/events by cursor instead");
        }
        try {
            firstStream.run();
            EventPosition start = after != null ? after : head.get();
            Caller caller = x.caller();
            x.openStream("text/event-stream; charset=utf-8",
                    Map.of("Cache-Control", "no-cache", "X-Accel-Buffering", "no"),
                    out -> follow(out, caller, tenant, new Filter(types, execution, since), start));
        } finally {
            count.decrementAndGet();
            lock.lock();
            try {
                ended.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static String idLine(EventPosition at) {
        return at == null ? "" : "id: " + at + "\n";
    }

    private record Filter(Set<String> types, String execution, Instant since) {
    }

    private void follow(OutputStream out, Caller caller, String tenant, Filter filter, EventPosition start)
            throws IOException {
        // Each block that moves the cursor carries it as the id (an id alone sets a browser's last event id,
        // HTML's "dispatch the event" step 1), so a reconnect resumes where this stream was, even after a
        // quiet stretch or events the filter left out.
        write(out, "retry: " + RETRY_MILLIS + "\n: weft event stream, from " + start + "\n" + idLine(start)
                + "\n");
        long begun = System.nanoTime();
        long lastWrite = begun;
        EventPosition cursor = start;
        while (!closed && System.nanoTime() - begun < LIFETIME.toNanos()) {
            long seen = generation(tenant);
            EventPage page = client.events(caller, new EventQuery(tenant, cursor, filter.types(),
                    filter.execution(), filter.since(), BATCH));
            StringBuilder chunk = new StringBuilder();
            for (EventRecord e : page.events()) {
                if (e.position() != null) {
                    chunk.append("id: ").append(e.position()).append('\n');
                }
                chunk.append("event: ").append(e.type()).append('\n');
                // Jackson writes a tree on one line: one data field holds the whole event.
                chunk.append("data: ").append(Exchange.JSON.writeValueAsString(EventsApi.view(e)))
                        .append("\n\n");
            }
            boolean moved = page.next() != null && !page.next().equals(cursor);
            cursor = page.next();
            long now = System.nanoTime();
            if (chunk.isEmpty() && moved) {
                chunk.append(idLine(cursor)).append('\n'); // past events the filter left out
            }
            if (!chunk.isEmpty()) {
                write(out, chunk.toString());
                lastWrite = now;
            }
            if (page.events().size() == BATCH) {
                continue;
            }
            if (now - lastWrite >= heartbeat.toNanos()) {
                write(out, ": heartbeat\n" + idLine(cursor) + "\n");
                lastWrite = now;
            }
            long wait = Math.min(POLL.toNanos(), heartbeat.toNanos() - (now - lastWrite));
            try {
                await(tenant, seen, Math.max(1, wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private long generation(String tenant) {
        return generations.getOrDefault(tenant, 0L);
    }

    /** Waits until the tenant has new events, the stream should end, or {@code nanos} passed. */
    private void await(String tenant, long seen, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!closed && generation(tenant) == seen && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every stream (each finishes its answer cleanly; browsers reconnect to a node that runs) and waits
     * up to 5 s for them, so that the server's stop does not wait on them for its whole grace.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            long left = TimeUnit.SECONDS.toNanos(5);
            while (open() > 0 && left > 0) {
                left = ended.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
