package dev.weft.connector.redis;

import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A running {@code redis.stream} trigger: one thread of its own reads the stream through the consumer
 * group on a connection of its own, hands each entry to the sink and settles it as the sink answered
 * ({@link StreamEntries}). It claims entries pending longer than {@code claimIdle} when it starts and
 * every {@code claimIdle} after, as the injected clock tells. A lost connection is opened again with a
 * growing pause; {@link #healthy()} is false meanwhile. Thread-safe.
 */
final class StreamSubscription implements Subscription {
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    private final StreamConfig config;
    private final Supplier<Jedis> connect;
    private final Failures failures;
    private final StreamEntries entries;
    private final Clock clock;
    private final Logger log;
    private final Thread thread;
    /** Guards {@link #running} and {@link #reading}, and wakes a pause early on close. */
    private final Object lock = new Object();
    private boolean running = true;
    /** The connection blocked in XREADGROUP right now, which close() cuts; null otherwise. */
    private Jedis reading;
    private volatile boolean healthy;
    private Jedis jedis;
    private long nextClaimAt;

    /**
     * @param connected a connection that reached the group already, or null when Redis could not be
     *     reached at subscribe time (the thread keeps trying)
     */
    StreamSubscription(StreamConfig config, Supplier<Jedis> connect, Jedis connected, EventSink sink,
            Failures failures, Clock clock, Logger log) {
        this.config = config;
        this.failures = failures;
        this.connect = connect;
        this.entries = new StreamEntries(config, sink, log);
        this.clock = clock;
        this.log = log;
        this.jedis = connected;
        this.healthy = connected != null;
        this.nextClaimAt = clock.millis();
        this.thread = Thread.ofPlatform().daemon().name("weft-redis-stream-" + config.stream())
                .unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Makes the group (and the stream, if need be) unless it exists. */
    static void ensureGroup(Jedis jedis, StreamConfig config) {
        try {
            jedis.xgroupCreate(config.stream(), config.group(),
                    config.start().equals("0") ? new StreamEntryID(0, 0) : StreamEntryID.XGROUP_LAST_ENTRY,
                    true);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    /** Stops reading: a read in progress is cut, an entry in hand is settled first; then returns. */
    @Override
    public void close() {
        synchronized (lock) {
            running = false;
            if (reading != null) {
                // Unblocks XREADGROUP at once. Entries Redis delivered in that moment stay pending for this
                // consumer until a claim hands them over again.
                try {
                    reading.disconnect();
                } catch (RuntimeException alreadyBroken) {
                    // the read fails either way, which is all this is for
                }
            }
            lock.notifyAll();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean running() {
        synchronized (lock) {
            return running;
        }
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        try {
            while (running()) {
                try {
                    if (jedis == null) {
                        jedis = connect.get();
                        ensureGroup(jedis, config);
                        healthy = true;
                    }
                    if (clock.millis() >= nextClaimAt) {
                        claim();
                        nextClaimAt = clock.millis() + config.claimIdleMillis();
                    }
                    for (StreamEntry entry : read()) {
                        if (!handOver(entry)) {
                            break;
                        }
                    }
                    pause = FIRST_PAUSE_MILLIS;
                } catch (JedisException e) {
                    healthy = false;
                    disconnect();
                    if (!running()) {
                        break;
                    }
                    log.warn("{}; trying again in {} ms",
                            failures.of("redis.stream " + config.stream() + " group " + config.group(), e)
                                    .getMessage(),
                            pause);
                    pauseFor(pause);
                    pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
                }
            }
        } finally {
            healthy = false;
            disconnect();
        }
    }

    /** New entries for this consumer, waiting up to {@code block} ms; empty when none came. */
    private List<StreamEntry> read() {
        synchronized (lock) {
            if (!running) {
                return List.of();
            }
            reading = jedis;
        }
        try {
            List<Map.Entry<String, List<StreamEntry>>> answer = jedis.xreadGroup(config.group(),
                    config.consumer(),
                    XReadGroupParams.xReadGroupParams().count(config.batch()).block(config.blockMillis()),
                    Map.of(config.stream(), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            return answer == null || answer.isEmpty() ? List.of() : answer.getFirst().getValue();
        } finally {
            synchronized (lock) {
                reading = null;
            }
        }
    }

    /**
     * Takes over the group's entries pending longer than {@code claimIdle} (this consumer's that the sink
     * could not queue, and those of consumers that stopped) and settles them, a batch at a time.
     */
    private void claim() {
        StreamEntryID cursor = new StreamEntryID(0, 0);
        do {
            Map.Entry<StreamEntryID, List<StreamEntry>> page = jedis.xautoclaim(config.stream(),
                    config.group(),
                    config.consumer(), config.claimIdleMillis(), cursor,
                    XAutoClaimParams.xAutoClaimParams().count(config.batch()));
            for (StreamEntry entry : page.getValue()) {
                if (!handOver(entry)) {
                    return;
                }
            }
            cursor = page.getKey();
        } while (!cursor.equals(new StreamEntryID(0, 0)));
    }

    /** Settles one entry unless closing; false when the loop should stop (closed, or this thread interrupted). */
    private boolean handOver(StreamEntry entry) {
        if (!running()) {
            return false;
        }
        if (!entries.settle(jedis, entry)) {
            synchronized (lock) {
                running = false;
            }
            return false;
        }
        return true;
    }

    private void pauseFor(long millis) {
        synchronized (lock) {
            if (!running) {
                return;
            }
            try {
                lock.wait(millis);
            } catch (InterruptedException e) {
                // someone wants this thread to end: stop as close() would
                running = false;
            }
        }
    }

    private void disconnect() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException alreadyBroken) {
                // nothing left to release
            }
            jedis = null;
        }
    }
}
