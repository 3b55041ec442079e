package dev.weft.engine.schedule;

import dev.weft.engine.flow.Flow;
import dev.weft.engine.schedule.ScheduleTriggers.Entry;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.ScheduleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the slots of every {@code schedule} trigger of one tenant's latest flow versions, each slot
 * once, across restarts and with several nodes ticking over one {@link ScheduleStore}. A slot is fired
 * first and the trigger's next slot recorded after, with a compare-and-set; the {@link SlotFirer} is
 * idempotent, so a slot fired twice (two nodes, or a crash in between) is still one execution and a
 * crash never loses one (see docs/design/schedules.md). Thread-safe; ticks run one at a time.
 */
public final class Scheduler {
    /** How late a slot may be fired as due; later, it is missed and its trigger's {@link Misfire} decides. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
    /** When a trigger that failed (store or firer error) is tried again. */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final String tenantId;
    private final Supplier<? extends Collection<FlowVersion>> latestVersions;
    private final Function<FlowVersion, Flow> flowOf;
    private final ScheduleStore store;
    private final SlotFirer firer;
    private final Clock clock;
    private final Duration grace;
    private final ReentrantLock ticking = new ReentrantLock();
    private final Map<ScheduleSpec, CronSlots> slots = new ConcurrentHashMap<>();
    /** The schedule triggers of each version seen by the last tick; guarded by {@code ticking}. */
    private Map<String, List<Entry>> triggers = Map.of();
    /** Null until the first tick. */
    private volatile Optional<Instant> wakeUp;

    private Scheduler(String tenantId, Supplier<? extends Collection<FlowVersion>> latestVersions,
            Function<FlowVersion, Flow> flowOf, ScheduleStore store, SlotFirer firer, Clock clock,
            Duration grace) {
        this.tenantId = tenantId;
        this.latestVersions = latestVersions;
        this.flowOf = flowOf;
        this.store = store;
        this.firer = firer;
        this.clock = clock;
        this.grace = grace;
    }

    /**
     * A scheduler with the {@link #DEFAULT_GRACE}.
     *
     * @param latestVersions the tenant's latest version of every flow, read on every tick (for example
     *        {@code () -> store.latestFlowVersions(tenant)}); a flow absent from it has no schedules
     * @param flowOf the parsed flow of a version (for example {@code FlowCatalog::compiled})
     */
    public static Scheduler create(String tenantId,
            Supplier<? extends Collection<FlowVersion>> latestVersions,
            Function<FlowVersion, Flow> flowOf, ScheduleStore store, SlotFirer firer, Clock clock) {
        return create(tenantId, latestVersions, flowOf, store, firer, clock, DEFAULT_GRACE);
    }

    /** A scheduler that fires a slot as due until {@code grace} after it. */
    public static Scheduler create(String tenantId,
            Supplier<? extends Collection<FlowVersion>> latestVersions,
            Function<FlowVersion, Flow> flowOf, ScheduleStore store, SlotFirer firer, Clock clock,
            Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or positive, but was " + grace);
        }
        for (Object o : new Object[]{tenantId, latestVersions, flowOf, store, firer, clock}) {
            if (o == null) {
                throw new IllegalArgumentException("tenantId, latestVersions, flowOf, store, firer and clock"
                        + " are required, but one was null");
            }
        }
        return new Scheduler(tenantId, latestVersions, flowOf, store, firer, clock, grace);
    }

    /**
     * Fires every due slot and records each trigger's next one; on first sight of a trigger, records its
     * first slot after now and fires nothing. A failing trigger is logged and tried again after
     * {@link #RETRY_AFTER_FAILURE} without holding up the others.
     *
     * @throws RuntimeException what {@code latestVersions} threw; nothing was fired then
     */
    public void tick() {
        ticking.lock();
        try {
            Instant now = clock.instant();
            Instant earliest = null;
            Collection<FlowVersion> versions;
            try {
                versions = latestVersions.get();
            } catch (RuntimeException e) {
                wakeUp = Optional.of(now.plus(RETRY_AFTER_FAILURE));
                throw e;
            }
            Map<String, List<Entry>> seen = new HashMap<>();
            for (FlowVersion v : versions) {
                if (!tenantId.equals(v.tenantId())) {
                    LOG.warn("scheduler of tenant {} was given {}/{} of tenant {}; ignoring it", tenantId,
                            v.namespace(), v.flowId(), v.tenantId());
                    continue;
                }
                String id = v.namespace() + "/" + v.flowId() + "@v" + v.version();
                List<Entry> entries = triggers.containsKey(id) ? triggers.get(id) : entries(v, id);
                if (entries == null) {
                    earliest = earlier(earliest, now.plus(RETRY_AFTER_FAILURE));
                    continue;
                }
                seen.put(id, entries);
                for (Entry e : entries) {
                    if (e.key() != null) {
                        earliest = earlier(earliest, serve(v, e, now));
                    }
                }
            }
            triggers = seen;
            wakeUp = Optional.ofNullable(earliest);
        } finally {
            ticking.unlock();
        }
    }

    /**
     * When {@link #tick} next has work: the earliest next slot recorded by the last tick (possibly in
     * the past, then tick now), now before the first tick, empty when no trigger has a slot. It does not
     * know of flows deployed since the last tick, on this node or another: tick after a deploy, and at
     * least every minute or so.
     */
    public Optional<Instant> nextWakeUp() {
        Optional<Instant> w = wakeUp;
        return w == null ? Optional.of(clock.instant()) : w;
    }

    /** The version's schedule triggers, or null when its flow cannot be had now. */
    private List<Entry> entries(FlowVersion v, String id) {
        try {
            List<Entry> entries = ScheduleTriggers.of(flowOf.apply(v));
            for (Entry e : entries) {
                if (e.key() == null) {
                    LOG.warn("flow {}: schedule trigger not served: {}", id, String.join("; ",
                            e.parsed().messages()));
                }
            }
            return entries;
        } catch (RuntimeException e) {
            LOG.warn("flow {}: cannot read its triggers; trying again in {}", id, RETRY_AFTER_FAILURE, e);
            return null;
        }
    }

    /** Fires the trigger's due slot, if any, and advances it; returns its next slot. */
    private Instant serve(FlowVersion v, Entry e, Instant now) {
        try {
            return advance(v, e, now);
        } catch (RuntimeException ex) {
            LOG.warn("flow {}/{} trigger {}: schedule failed; trying again in {}", v.namespace(), v.flowId(),
                    e.key(), RETRY_AFTER_FAILURE, ex);
            return now.plus(RETRY_AFTER_FAILURE);
        }
    }

    private Instant advance(FlowVersion v, Entry e, Instant now) {
        ScheduleSpec spec = e.parsed().spec().orElseThrow();
        CronSlots cron = slots.computeIfAbsent(spec, ScheduleSpec::slots);
        String ns = v.namespace();
        String flow = v.flowId();
        String key = e.key();
        Optional<Instant> recorded = store.nextSlot(tenantId, ns, flow, key);
        if (recorded.isEmpty()) {
            // First sight: start from the future, never from slots before the trigger existed.
            Optional<Instant> first = cron.next(now);
            if (first.isEmpty() || store.advanceSchedule(tenantId, ns, flow, key, null, first.get())) {
                return first.orElse(null);
            }
            recorded = store.nextSlot(tenantId, ns, flow, key);
            if (recorded.isEmpty()) {
                throw new IllegalStateException("the schedule store refused the first slot of " + key
                        + " but records none");
            }
        }
        Instant due = recorded.get();
        if (due.isAfter(now)) {
            return due;
        }
        Instant latest = cron.latestAtOrBefore(now, due);
        boolean missed = now.isAfter(latest.plus(grace));
        boolean fire = !missed || spec.misfire() == Misfire.RUN_ONCE;
        if (missed || !latest.equals(due)) {
            LOG.info("flow {}/{} trigger {}: slots missed since {} (misfire: {}); {}", ns, flow, key, due,
                    spec.misfire().text(), fire ? "firing " + latest : "firing none");
        }
        if (fire) {
            firer.fire(v, key, latest);
        }
        Instant next = cron.next(latest).orElseThrow(
                () -> new IllegalStateException("cron '" + spec.cron() + "' has no slot after " + latest));
        if (store.advanceSchedule(tenantId, ns, flow, key, due, next)) {
            return next;
        }
        return store.nextSlot(tenantId, ns, flow, key).orElse(null);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b != null && b.isBefore(a) ? b : a;
    }
}
