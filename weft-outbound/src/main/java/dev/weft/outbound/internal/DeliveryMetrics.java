package dev.weft.outbound.internal;

import dev.weft.engine.store.webhook.EndpointBacklog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of outbound webhooks: attempts by outcome and their latency, deliveries that ended by status,
 * and each endpoint's backlog (pending deliveries and the oldest one's age), refreshed from the store.
 * Thread-safe.
 */
final class DeliveryMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<String, Counter> ended = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

    private record Backlog(AtomicLong pending, AtomicLong ageSeconds, List<Gauge> gauges) {
    }

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("weft_webhooks_attempt")
                .description("Outbound webhook attempts, request to response")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void attempt(String outcome, long latencyMillis) {
        attempts.computeIfAbsent(outcome, o -> Counter.builder("weft_webhooks_attempts")
                .description("Outbound webhook attempts by outcome").tag("outcome", o).register(registry))
                .increment();
        latency.record(Duration.ofMillis(latencyMillis));
    }

    void ended(String status) {
        ended.computeIfAbsent(status, s -> Counter.builder("weft_webhooks_deliveries")
                .description("Outbound webhook deliveries that ended, by status").tag("status", s)
                .register(registry)).increment();
    }

    /** Sets every endpoint's backlog gauges from the store's figures (endpoints not listed have none). */
    void backlog(List<EndpointBacklog> rows, Instant now) {
        Set<String> seen = new HashSet<>();
        for (EndpointBacklog row : rows) {
            String key = row.tenantId() + "/" + row.endpointId();
            seen.add(key);
            Backlog b = backlogs.computeIfAbsent(key, k -> register(row.tenantId(), row.endpointId()));
            b.pending().set(row.pending());
            b.ageSeconds().set(row.oldestCreatedAt() == null
                    ? 0
                    : Math.max(0, Duration.between(row.oldestCreatedAt(), now).toSeconds()));
        }
        // An endpoint with nothing pending (or deleted) loses its gauges, so that they do not pile up.
        backlogs.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            e.getValue().gauges().forEach(registry::remove);
            return true;
        });
    }

    private Backlog register(String tenant, String endpoint) {
        AtomicLong pending = new AtomicLong();
        AtomicLong age = new AtomicLong();
        Tags tags = Tags.of("tenant", tenant, "endpoint", endpoint);
        Gauge count = Gauge.builder("weft_webhooks_backlog", pending, AtomicLong::get)
                .description("Pending outbound webhook deliveries of an endpoint").tags(tags)
                .register(registry);
        Gauge oldest = Gauge.builder("weft_webhooks_backlog_age_seconds", age, AtomicLong::get)
                .description("Age of an endpoint's oldest pending delivery").tags(tags).register(registry);
        return new Backlog(pending, age, List.of(count, oldest));
    }
}
