package dev.weft.sync.internal;

import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.CallRouter;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import dev.weft.sync.SyncJob;
import dev.weft.sync.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's sync runner: a thread that starts due schedules ({@link Schedules}), claims runs (up to
 * {@code maxConcurrentRuns} at once, each on a virtual thread of its own), and runs them. Woken at once when a
 * run is asked for on this node; otherwise it looks every {@code pollInterval}. Thread-safe.
 */
public final class RunLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);

    private final SyncStore store;
    private final CallRouter calls;
    private final SystemStore systems;
    private final SyncSettings settings;
    private final SyncMetrics metrics;
    private final Clock clock;
    private final Schedules schedules;
    private final String owner = "sync-" + UUID.randomUUID();
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, JobPlan> plans = new ConcurrentHashMap<>();
    private final Map<Long, Cancellation> running = new ConcurrentHashMap<>();
    private final Jobs jobs;
    private final Thread thread;
    private volatile boolean stopped;

    private RunLoop(SyncStore store, CallRouter calls, SystemStore systems, SyncSettings settings,
            io.micrometer.core.instrument.MeterRegistry registry, Clock clock, Jobs jobs) {
        this.store = store;
        this.calls = calls;
        this.systems = systems;
        this.settings = settings;
        this.metrics = new SyncMetrics(registry, clock);
        this.clock = clock;
        this.schedules = new Schedules(store, jobs, clock);
        this.slots = new Semaphore(settings.maxConcurrentRuns());
        this.jobs = jobs;
        this.thread = Thread.ofPlatform().name("weft-sync-runs").daemon().unstarted(this::loop);
    }

    /** Reads a stored job's text (cached by the caller). */
    @FunctionalInterface
    public interface Jobs {
        Optional<SyncJob> parse(SyncJobRecord record);
    }

    public static RunLoop start(SyncStore store, CallRouter calls, SystemStore systems, SyncSettings settings,
            io.micrometer.core.instrument.MeterRegistry registry, Clock clock, Jobs jobs) {
        RunLoop loop = new RunLoop(store, calls, systems, settings, registry, clock, jobs);
        loop.thread.start();
        return loop;
    }

    /** Looks for due runs now instead of at the next poll. */
    public void wake() {
        wake.release();
    }

    private void loop() {
        while (!stopped) {
            try {
                schedules.tick();
                boolean claimed = claimOne();
                if (!claimed) {
                    wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("the sync runner could not look for runs; trying again in {}",
                        settings.pollInterval(), e);
                try {
                    Thread.sleep(settings.pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private boolean claimOne() throws InterruptedException {
        if (!slots.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        Instant now = clock.instant();
        Optional<SyncRun> run;
        try {
            run = store.claimRun(owner, now, now.plus(settings.lease()));
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        if (run.isEmpty()) {
            slots.release();
            return false;
        }
        SyncRun claimed = run.get();
        Thread.ofVirtual().name("weft-sync-" + claimed.jobId() + "-" + claimed.id()).start(() -> {
            try {
                execute(claimed);
            } finally {
                slots.release();
            }
        });
        return true;
    }

    private void execute(SyncRun run) {
        Instant started = clock.instant();
        Cancellation cancellation = new Cancellation();
        running.put(run.id(), cancellation);
        SyncRunStatus status = SyncRunStatus.FAILED;
        String error = null;
        try {
            Optional<SyncJobRecord> record = store.job(run.tenantId(), run.jobId());
            Optional<SyncJob> job = record.flatMap(jobs::parse);
            if (job.isEmpty()) {
                error = "job '" + run.jobId()
                        + "' does not exist any more, or its stored text no longer reads";
            } else {
                JobPlan plan = plans.computeIfAbsent(record.get().sha256(), sha -> new JobPlan(job.get()));
                Map<SyncSide, SideRecords> sides = new EnumMap<>(SyncSide.class);
                for (SyncSide side : SyncSide.values()) {
                    var spec = plan.spec(side);
                    Optional<SystemRecord> system = systems.system(run.tenantId(), spec.system());
                    if (system.isEmpty()) {
                        throw ConnectorException.permanent("system.unknown", "the " + side.label()
                                + " side's system '" + spec.system()
                                + "' does not exist: create it, or change "
                                + side.label() + ".system", null, null);
                    }
                    sides.put(side, new SideRecords(calls, run.tenantId(), system.get().connector(), spec,
                            cancellation));
                }
                new Runner(plan, store, run, sides, clock, settings.lease(), metrics).run();
                status = SyncRunStatus.SUCCEEDED;
            }
        } catch (Runner.LeaseLost e) {
            LOG.info("{}; the node that holds it now goes on", e.getMessage());
            running.remove(run.id());
            return;
        } catch (ConnectorException e) {
            error = e.code() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("run {} of sync job {} failed", run.id(), run.jobId(), e);
            error = "internal error (" + e.getClass().getSimpleName() + "); the server log has the details";
        } finally {
            running.remove(run.id());
        }
        if (store.finishRun(run.tenantId(), run.jobId(), run.id(), run.leaseVersion(), status, error,
                clock.instant())) {
            metrics.ended(run, status, Duration.between(started, clock.instant()));
        }
    }

    @Override
    public void close() {
        stopped = true;
        running.values().forEach(c -> c.cancel("the server is stopping"));
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
