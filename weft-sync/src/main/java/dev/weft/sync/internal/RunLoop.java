package dev.weft.sync.internal;

import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncStore;
import dev.weft.sync.SyncJob;
import dev.weft.sync.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);
    private static final int RETENTION_BATCH = 1000;
    private static final int DEAD_OWNER_SCAN = 100;

    private final SyncStore store;
    private final RunExecutor executor;
    private final SyncSettings settings;
    private final Clock clock;
    private final Schedules schedules;
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopped;
    private java.time.Instant lastTick;
    private java.time.Instant lastRetention;

    private RunLoop(SyncStore store, RunExecutor executor, SyncSettings settings, Clock clock, Jobs jobs) {
        this.store = store;
        this.executor = executor;
        this.settings = settings;
        this.clock = clock;
        this.schedules = new Schedules(store, jobs, clock);
        this.slots = new Semaphore(settings.maxConcurrentRuns());
        this.thread = Thread.ofPlatform().name("weft-sync-runs").daemon().unstarted(this::loop);
    }

    /** Reads a stored job's text (cached by the caller). */
    @FunctionalInterface
    public interface Jobs {
        Optional<SyncJob> parse(SyncJobRecord record);
    }

    public static RunLoop start(SyncStore store, RunExecutor executor, SyncSettings settings, Clock clock,
            Jobs jobs) {
        RunLoop loop = new RunLoop(store, executor, settings, clock, jobs);
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
                housekeeping();
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

    /** Queues due scheduled runs (once a poll interval) and deletes runs past retention (once an hour). */
    private void housekeeping() {
        java.time.Instant now = clock.instant();
        if (lastTick == null || !now.isBefore(lastTick.plus(settings.pollInterval()))) {
            lastTick = now;
            schedules.tick();
            takeOverDead(now);
        }
        if (lastRetention == null || !now.isBefore(lastRetention.plus(RETENTION_EVERY))) {
            lastRetention = now;
            int deleted;
            do {
                deleted = store.deleteRuns(now.minus(settings.retention()), RETENTION_BATCH);
            } while (deleted == RETENTION_BATCH && !stopped);
        }
    }

    /**
     * Ends the leases of runs whose owner was a process of this host that is gone (killed, crashed), so that
     * they are claimed now rather than when their leases run out; as executions and webhook deliveries are.
     */
    private void takeOverDead(java.time.Instant now) {
        for (var run : store.runningRuns(DEAD_OWNER_SCAN)) {
            if (run.leaseOwner() != null && !run.leaseOwner().equals(executor.owner())
                    && dev.weft.engine.internal.Owners.isDead(run.leaseOwner())
                    && store.expireLease(run.tenantId(), run.jobId(), run.id(), run.leaseVersion(), now)) {
                LOG.info("run {} of sync job {} was {}'s, a process gone: taken over", run.id(), run.jobId(),
                        run.leaseOwner());
            }
        }
    }

    private boolean claimOne() throws InterruptedException {
        if (!slots.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        Optional<SyncRun> run;
        try {
            run = executor.claim();
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
                executor.execute(claimed);
            } finally {
                slots.release();
            }
        });
        return true;
    }

    @Override
    public void close() {
        stopped = true;
        executor.cancelAll("the server is stopping");
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
