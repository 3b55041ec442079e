package dev.weft.server.schedule;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.Caller;
import dev.weft.engine.WeftClient;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.InvalidInputException;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.schedule.ScheduleTriggers;
import dev.weft.engine.schedule.Scheduler;
import dev.weft.engine.schedule.SlotFirer;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.ScheduleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@code schedule} triggers of the server's flows: a thread that ticks the engine's
 * {@link Scheduler} when its next slot is due, at least every {@link #MAX_SLEEP} (to see flows deployed by
 * other nodes) and right after a deploy or delete here. Each slot starts its execution with a key derived
 * from the slot, so a slot fired twice (two nodes, or a crash before its next slot was recorded) is one
 * execution. Thread-safe.
 */
public final class ScheduleLoop implements AutoCloseable {
    /** The longest the loop sleeps without looking at the store. */
    public static final Duration MAX_SLEEP = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleLoop.class);

    private final WeftClient client;
    private final Caller caller;
    private final ScheduleStore store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition poked = lock.newCondition();
    private boolean pokedFlag;
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile RuntimeException lastFailure;

    public ScheduleLoop(WeftClient client, FlowCatalog catalog, String tenant, ScheduleStore store,
            Clock clock) {
        this.client = client;
        this.caller = Caller.system(tenant, "schedule");
        this.store = store;
        this.clock = clock;
        this.scheduler = Scheduler.create(tenant,
                () -> catalog.flows(tenant).stream().map(FlowCatalog.Entry::version).toList(),
                catalog::compiled, store, this::fire, clock);
    }

    /** Starts the loop's thread; its first tick records the first slot of every new trigger. */
    public ScheduleLoop start() {
        thread = Thread.ofVirtual().name("weft-schedules").start(this::run);
        return this;
    }

    /**
     * Ticks now, on the caller's thread: fires every due slot and records each trigger's next one. The loop
     * does this by itself; tests that drive an injected clock call it after moving the clock.
     */
    public void tick() {
        try {
            scheduler.tick();
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = e;
            throw e;
        }
    }

    /**
     * Tells the loop a flow changed here: forgets the recorded slots of schedule triggers the flow no longer
     * has (all of them when {@code flow} is empty, a delete), so that one coming back later starts from its
     * next slot instead of catching up, and ticks soon so that a new trigger records its first slot.
     */
    public void flowChanged(String namespace, String flowId, Optional<Flow> flow) {
        Set<String> keys = flow.map(f -> ScheduleTriggers.of(f).stream().map(ScheduleTriggers.Entry::key)
                .filter(k -> k != null).collect(Collectors.toSet())).orElse(Set.of());
        store.retainSchedules(caller.tenant(), namespace, flowId, keys);
        poke();
    }

    /** True while the loop runs and its last tick could read the flows. */
    public boolean healthy() {
        Thread t = thread;
        RuntimeException failure = lastFailure;
        if (failure != null) {
            throw new IllegalStateException("the last schedule tick failed: " + failure.getMessage(),
                    failure);
        }
        return t != null && t.isAlive() && !closed;
    }

    private void fire(FlowVersion v, String triggerKey, Instant slot) {
        String id = SlotFirer.executionId(v.tenantId(), v.namespace(), v.flowId(), triggerKey, slot);
        ObjectNode trigger = JsonNodeFactory.instance.objectNode();
        trigger.put("type", ScheduleTriggers.TYPE);
        trigger.put("key", triggerKey);
        trigger.put("slot", slot.toString());
        try {
            var started = client.start(caller, v, null, trigger, "schedule:" + id);
            if (started.created()) {
                LOG.info("flow {}/{}: schedule slot {} started execution {}", v.namespace(), v.flowId(), slot,
                        started.id());
            }
        } catch (InvalidInputException e) {
            // Not thrown: the scheduler would try the same slot again every few seconds, to no avail.
            LOG.error("flow {}/{}: schedule slot {} started nothing: a scheduled execution's input is {{}},"
                    + " which the flow's input schema refuses ({}); give the schema's fields defaults or make"
                    + " them optional", v.namespace(), v.flowId(), slot, e.getMessage());
        }
    }

    private void poke() {
        lock.lock();
        try {
            pokedFlag = true;
            poked.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("schedules: cannot read the flows; trying again in {}",
                        Scheduler.RETRY_AFTER_FAILURE, e);
            }
            Instant now = clock.instant();
            Duration sleep = scheduler.nextWakeUp().map(w -> Duration.between(now, w)).orElse(MAX_SLEEP);
            if (sleep.compareTo(MAX_SLEEP) > 0) {
                sleep = MAX_SLEEP;
            } else if (sleep.isNegative()) {
                sleep = Duration.ZERO;
            }
            // A slot is fired on the tick at or after it; a few milliseconds late is on time.
            sleep = sleep.plusMillis(5);
            lock.lock();
            try {
                long nanos = sleep.toNanos();
                while (!pokedFlag && !closed && nanos > 0) {
                    nanos = poked.awaitNanos(nanos);
                }
                pokedFlag = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Stops the loop; a tick in progress finishes first. */
    @Override
    public void close() {
        closed = true;
        poke();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
