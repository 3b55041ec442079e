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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed runs to their end: reads the job, opens its two sides on the gateway's call path, runs the
 * {@link Runner} and ends the run with its outcome, unless its lease was lost. Used by this node's
 * {@link RunLoop} and, on the calling thread, by {@link #runDue} (the command line without a server, and
 * tests). Thread-safe.
 */
public final class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    private final SyncStore store;
    private final CallRouter calls;
    private final SystemStore systems;
    private final Duration lease;
    private final SyncMetrics metrics;
    private final Clock clock;
    private final RunLoop.Jobs jobs;
    /** {@code host:pid:start:n}: a restarted node on this host tells a dead process's runs by it. */
    private final String owner = dev.weft.engine.internal.Owners.self();
    private final Map<String, JobPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();
    /** Set when the node stops: a run cut short then is left to its lease, to go on after it, not failed. */
    private volatile boolean stopping;

    public RunExecutor(SyncStore store, CallRouter calls, SystemStore systems, Duration lease,
            MeterRegistry registry,
            Clock clock, RunLoop.Jobs jobs) {
        this.store = store;
        this.calls = calls;
        this.systems = systems;
        this.lease = lease;
        this.metrics = new SyncMetrics(registry == null ? new SimpleMeterRegistry() : registry, clock);
        this.clock = clock;
        this.jobs = jobs;
    }

    String owner() {
        return owner;
    }

    /** Claims one due run and runs it on the calling thread; empty when none was due. */
    public Optional<SyncRun> runDue() {
        Instant now = clock.instant();
        Optional<SyncRun> claimed = store.claimRun(owner, now, now.plus(lease));
        claimed.ifPresent(this::execute);
        return claimed.flatMap(r -> store.run(r.tenantId(), r.jobId(), r.id()));
    }

    Optional<SyncRun> claim() {
        Instant now = clock.instant();
        return store.claimRun(owner, now, now.plus(lease));
    }

    void execute(SyncRun run) {
        Instant started = clock.instant();
        Cancellation cancellation = new Cancellation();
        running.put(runKey(run), cancellation);
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
                new Runner(plan, store, run, sides, clock, lease, metrics).run();
                status = SyncRunStatus.SUCCEEDED;
            }
        } catch (Runner.LeaseLost e) {
            LOG.info("{}; the node that holds it now goes on", e.getMessage());
            running.remove(runKey(run));
            return;
        } catch (ConnectorException e) {
            if (stopping) {
                LOG.info(
                        "run {} of sync job {} stopped with the node; it goes on from its last committed page",
                        run.id(), run.jobId());
                return;
            }
            error = e.code() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("run {} of sync job {} failed", run.id(), run.jobId(), e);
            error = "internal error (" + e.getClass().getSimpleName() + "); the server log has the details";
        } finally {
            running.remove(runKey(run));
        }
        if (store.finishRun(run.tenantId(), run.jobId(), run.id(), run.leaseVersion(), status, error,
                clock.instant())) {
            metrics.ended(run, status, Duration.between(started, clock.instant()));
        }
    }

    /** Run ids count per job: the tenant, the job and the id name a run. */
    private static String runKey(SyncRun run) {
        return run.tenantId() + "\u0000" + run.jobId() + "\u0000" + run.id();
    }

    void cancelAll(String why) {
        stopping = true;
        running.values().forEach(c -> c.cancel(why));
    }
}
