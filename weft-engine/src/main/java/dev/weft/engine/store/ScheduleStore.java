package dev.weft.engine.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The next slot of each schedule trigger, so that a restart neither skips nor repeats one. Several
 * nodes may share a store: {@link #advanceSchedule} is a compare-and-set. Thread-safe and durable.
 */
public interface ScheduleStore {

    /** The next slot recorded for a trigger, empty before its first one is recorded. */
    Optional<Instant> nextSlot(String tenantId, String namespace, String flowId, String triggerKey);

    /**
     * Records {@code next} as the trigger's next slot if the recorded one is still {@code expected}
     * (null: none recorded). Returns false, changing nothing, when another node advanced it first.
     */
    boolean advanceSchedule(String tenantId, String namespace, String flowId, String triggerKey,
            Instant expected, Instant next);
}
