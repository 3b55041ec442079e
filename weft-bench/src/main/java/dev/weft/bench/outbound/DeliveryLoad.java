package dev.weft.bench.outbound;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.EventStore;
import dev.weft.engine.store.Storage;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.outbound.EndpointSpec;
import dev.weft.outbound.OutboundWebhooks;
import dev.weft.outbound.WebhookSettings;
import dev.weft.store.jdbc.Storages;
import dev.weft.vault.MasterKeySource;
import dev.weft.vault.Vault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Outbound webhook deliveries per second, and the latency from an event's commit to its first attempt at
 * the receiver: events are committed to the feed at an offered rate (in batches every 10 ms, as the
 * engine's group commits write them), each fanned out to {@code fanout} of {@code endpoints} endpoints; 5 %
 * of the endpoints answer 500, 10 % answer after {@code slow-ms}. One JVM: store, dispatcher and receivers.
 *
 * <pre>
 * scripts/bench-outbound [--db-url=URL] [--seconds=20] [--warmup-seconds=10] [--endpoints=100]
 *                        [--fanout=10] [--slow-ms=200] [deliveries-per-second,...]
 * </pre>
 */
public final class DeliveryLoad {
    private static final int TICK_MILLIS = 10;

    public static void main(String[] args) throws Exception {
        String dbUrl = null;
        int seconds = 20;
        int warmup = 10;
        int endpoints = 100;
        int fanout = 10;
        long slowMillis = 200;
        List<Integer> rates = new ArrayList<>(List.of(2000, 4000, 6000, 8000));
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--db-url=")) {
                dbUrl = value;
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(value);
            } else if (arg.startsWith("--warmup-seconds=")) {
                warmup = Integer.parseInt(value);
            } else if (arg.startsWith("--endpoints=")) {
                endpoints = Integer.parseInt(value);
            } else if (arg.startsWith("--fanout=")) {
                fanout = Integer.parseInt(value);
            } else if (arg.startsWith("--slow-ms=")) {
                slowMillis = Long.parseLong(value);
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + arg);
            } else {
                rates = new ArrayList<>();
                for (String r : arg.split(",")) {
                    rates.add(Integer.parseInt(r.trim()));
                }
            }
        }
        if (endpoints % fanout != 0) {
            throw new IllegalArgumentException("--endpoints must be a multiple of --fanout");
        }
        int groups = endpoints / fanout;
        Path dir = Files.createTempDirectory("weft-bench-outbound");
        ConcurrentHashMap<Long, Long> committed = new ConcurrentHashMap<>();
        int failing = endpoints * 5 / 100;
        int slow = endpoints * 10 / 100;
        try (Storage storage = dbUrl == null ? Storages.open(dir.toString()) : Storages.open(dbUrl);
                Receivers receivers = Receivers.start(failing, slow, slowMillis,
                        id -> committed.getOrDefault(Long.parseLong(id.substring(4)), 0L))) {
            Vault vault = Vault.open(MasterKeySource.ofKeyFile(dir.resolve("master.key")),
                    storage.credentials(),
                    Clock.systemUTC());
            EventFeed feed = new EventFeed(storage.executions().events(), Clock.systemUTC(),
                    Duration.ofDays(1));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String tenant = "default";
            try (OutboundWebhooks webhooks = OutboundWebhooks.start(storage.webhooks(), feed, vault,
                    EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1"), "egress.allow")),
                    WebhookSettings.defaults(),
                    registry, Clock.systemUTC())) {
                for (int i = 0; i < endpoints; i++) {
                    webhooks.create(tenant,
                            new EndpointSpec(receivers.url(i), List.of("bench.t" + (i % groups)), null,
                                    null, null, null, null, "bench endpoint " + i, null));
                }
                System.out.printf(Locale.ROOT,
                        "Java %s, %d cores, %s; %d endpoints (%d answer 500, %d answer after"
                                + " %d ms), each event to %d of them%n%n",
                        Runtime.version(),
                        Runtime.getRuntime().availableProcessors(), storage.describe(), endpoints, failing,
                        slow,
                        slowMillis, fanout);
                EventStore events = storage.executions().events();
                run(events, feed, receivers, committed, tenant, groups, fanout, rates.getFirst(), warmup);
                System.out
                        .println("| offered deliveries/s | first attempts/s | all attempts/s | commit → first"
                                + " attempt p50 ms | p99 ms | max ms |");
                System.out.println("|---:|---:|---:|---:|---:|---:|");
                for (int rate : rates) {
                    Result r = run(events, feed, receivers, committed, tenant, groups, fanout, rate, seconds);
                    System.out.printf(Locale.ROOT, "| %,d | %,.0f | %,.0f | %.1f | %.1f | %.1f |%n", rate,
                            r.firstPerSecond, r.allPerSecond, r.p50Millis, r.p99Millis, r.maxMillis);
                }
            }
            feed.close();
        }
    }

    private record Result(double firstPerSecond, double allPerSecond, double p50Millis, double p99Millis,
            double maxMillis) {
    }

    /** Offers {@code rate} deliveries per second for {@code seconds}, then waits for the first attempts. */
    private static Result run(EventStore events, EventFeed feed, Receivers receivers,
            ConcurrentHashMap<Long, Long> committed,
            String tenant, int groups, int fanout, int rate, int seconds) throws InterruptedException {
        receivers.latency.reset();
        long requestsBefore = receivers.requests.sum();
        long firstBefore = receivers.firstAttempts.sum();
        double eventsPerTick = rate / (double) fanout * TICK_MILLIS / 1000.0;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        double owed = 0;
        long n = 0;
        long offered = 0;
        for (long tick = start; tick < end; tick += TICK_MILLIS * 1_000_000L) {
            LockSupport.parkNanos(tick - System.nanoTime());
            owed += eventsPerTick;
            int count = (int) owed;
            owed -= count;
            if (count == 0) {
                continue;
            }
            List<EventRecord> batch = new ArrayList<>(count);
            var now = java.time.Instant.now();
            for (int i = 0; i < count; i++) {
                batch.add(EventRecord.of(tenant, "bench.t" + (n++ % groups), null,
                        JsonNodeFactory.instance.objectNode().put("n", n), now));
            }
            List<EventRecord> written = events.append(batch);
            long at = System.nanoTime();
            for (EventRecord e : written) {
                committed.put(e.position().seq(), at);
            }
            feed.nudge();
            offered += (long) count * fanout;
        }
        // Wait (bounded) for the first attempts of what was offered.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receivers.firstAttempts.sum() - firstBefore < offered && System.nanoTime() < deadline) {
            Thread.sleep(10); // a benchmark's wait for another thread's counter, not a test
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = receivers.latency.getIntervalHistogram();
        committed.clear();
        return new Result((receivers.firstAttempts.sum() - firstBefore) / elapsed,
                (receivers.requests.sum() - requestsBefore) / elapsed, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
