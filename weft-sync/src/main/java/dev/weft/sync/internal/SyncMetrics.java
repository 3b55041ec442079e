package dev.weft.sync.internal;

import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sync's metrics: {@code weft_sync_records_total{tenant,job,outcome}} (read, created, updated, deleted,
 * unchanged, conflicts, failed: its rate is records per second), {@code weft_sync_runs_total{tenant,job,status}},
 * {@code weft_sync_run_seconds{tenant,job}}, and {@code weft_sync_lag_seconds{tenant,job}}, how long ago the last
 * successful run started (how stale the other side may be). Thread-safe.
 */
final class SyncMetrics {
    private static final String[] OUTCOMES = {"read", "created", "updated", "deleted", "unchanged",
            "conflicts",
            "failed"};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

    SyncMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void records(SyncRun run, Batch batch) {
        long[] n = {batch.read, batch.created, batch.updated, batch.deleted, batch.unchanged,
                batch.conflicted,
                batch.failures};
        for (int i = 0; i < n.length; i++) {
            if (n[i] > 0) {
                Counter.builder("weft_sync_records_total").description("Records handled by data sync runs")
                        .tags("tenant", run.tenantId(), "job", run.jobId(), "outcome", OUTCOMES[i])
                        .register(registry).increment(n[i]);
            }
        }
    }

    void ended(SyncRun run, SyncRunStatus status, Duration took) {
        Counter.builder("weft_sync_runs_total").description("Data sync runs ended")
                .tags("tenant", run.tenantId(), "job", run.jobId(), "status", status.label())
                .register(registry).increment();
        Timer.builder("weft_sync_run_seconds").description("How long data sync runs took")
                .tags("tenant", run.tenantId(), "job", run.jobId()).register(registry).record(took);
        if (status == SyncRunStatus.SUCCEEDED) {
            String id = run.tenantId() + "\u0000" + run.jobId();
            boolean first = lastSuccess.put(id,
                    run.startedAt() == null ? clock.instant() : run.startedAt()) == null;
            if (first) {
                Gauge.builder("weft_sync_lag_seconds", lastSuccess, m -> {
                    Instant at = m.get(id);
                    return at == null
                            ? Double.NaN
                            : Duration.between(at, clock.instant()).toMillis() / 1000.0;
                }).description("Seconds since the start of the last successful run of a data sync job")
                        .tags("tenant", run.tenantId(), "job", run.jobId()).register(registry);
            }
        }
    }
}
