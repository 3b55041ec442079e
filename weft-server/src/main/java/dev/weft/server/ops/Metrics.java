package dev.weft.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.EngineListener;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.StepStatus;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics through Micrometer: executions started and finished by flow and status, step
 * durations by step type, executions in flight here, webhook ingress by status, and the JVM. An engine
 * listener; thread-safe.
 */
public final class Metrics implements EngineListener, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Long> stepStarts = new ConcurrentHashMap<>();
    private final Map<String, String> stepTypes = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public List<Route> routes() {
        return List.of(Route.open("GET", "/metrics", this::scrape));
    }

    private void scrape(Exchange x) {
        x.send(200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /**
     * Gauges {@code weft_executions_unfinished{status=queued|running|waiting}} read from the store:
     * {@code queued} is the depth of the work queue. The store is asked at most once a second, however
     * often the gauges are read.
     */
    public void unfinished(java.util.function.Supplier<Map<ExecutionStatus, Long>> counts) {
        var cached = new java.util.concurrent.atomic.AtomicReference<Map<ExecutionStatus, Long>>();
        var readAt = new java.util.concurrent.atomic.AtomicLong(
                System.nanoTime() - Duration.ofHours(1).toNanos());
        for (ExecutionStatus status : List.of(ExecutionStatus.QUEUED, ExecutionStatus.RUNNING,
                ExecutionStatus.WAITING)) {
            io.micrometer.core.instrument.Gauge.builder("weft_executions_unfinished", () -> {
                long now = System.nanoTime();
                if (cached.get() == null || now - readAt.get() > Duration.ofSeconds(1).toNanos()) {
                    cached.set(counts.get());
                    readAt.set(now);
                }
                return cached.get().getOrDefault(status, 0L);
            }).description("Executions not ended, by status; queued is the depth of the work queue")
                    .tag("status", status.wireName()).register(registry);
        }
    }

    /**
     * Gauge {@code weft_executions_in_flight}: the executions this process drives now ({@code
     * Engine.activeExecutions}), read when scraped.
     */
    public void inFlight(java.util.function.IntSupplier driving) {
        io.micrometer.core.instrument.Gauge.builder("weft_executions_in_flight", driving::getAsInt)
                .description("Executions this process is driving now (running or committing a step)")
                .register(registry);
    }

    /** Counts {@code weft_executions_started_total} by flow and trigger type ({@code manual} for an API start). */
    @Override
    public void executionStarted(ExecutionRecord execution) {
        JsonNode trigger = execution.trigger();
        String type = trigger == null || !trigger.hasNonNull("type")
                ? "manual"
                : trigger.get("type").asText();
        Counter.builder("weft_executions_started").description("Executions started")
                .tag("flow", execution.namespace() + "/" + execution.flowId()).tag("trigger", type)
                .register(registry).increment();
    }

    /** A webhook delivery was answered with {@code status}. */
    public void webhook(int status) {
        Counter.builder("weft_webhook_requests").description("Inbound webhook deliveries by answer")
                .tag("status", Integer.toString(status)).register(registry).increment();
    }

    @Override
    public void stepStarted(String executionId, String path, String type, int attempt) {
        String key = executionId + ":" + path;
        stepStarts.put(key, System.nanoTime());
        stepTypes.put(key, type);
    }

    @Override
    public void stepFinished(String executionId, String path, StepStatus status, JsonNode outputOrError) {
        String key = executionId + ":" + path;
        Long start = stepStarts.remove(key);
        String type = stepTypes.remove(key);
        if (start == null || type == null) {
            return;
        }
        Timer.builder("weft_step_duration").description("Step durations, from start to end, in this process")
                .tag("type", type).tag("status", status.name().toLowerCase(java.util.Locale.ROOT))
                .publishPercentileHistogram().register(registry)
                .record(Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public void executionFinished(ExecutionRecord execution) {
        Counter.builder("weft_executions_finished").description("Executions that ended")
                .tag("flow", execution.namespace() + "/" + execution.flowId())
                .tag("status", execution.status().wireName()).register(registry).increment();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
