package dev.weft.engine.store;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Forgets the recorded slots of the flow's triggers whose keys are not in {@code keep} (all of them
     * when it is empty): called when a flow is deployed or deleted, so that a schedule that comes back
     * later starts from its next future slot instead of catching up on the time it was gone.
     */
    void retainSchedules(String tenantId, String namespace, String flowId, Set<String> keep);
}
