package dev.weft.engine.schedule;

import dev.weft.engine.store.ScheduleStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A {@link ScheduleStore} in memory whose advance is an exact compare-and-set. Thread-safe. */
final class InMemoryScheduleStore implements ScheduleStore {
    private final Map<String, Instant> slots = new HashMap<>();
    private int advances;

    @Override
    public synchronized Optional<Instant> nextSlot(String tenantId, String namespace, String flowId,
            String triggerKey) {
        return Optional.ofNullable(slots.get(key(tenantId, namespace, flowId, triggerKey)));
    }

    @Override
    public synchronized boolean advanceSchedule(String tenantId, String namespace, String flowId,
            String triggerKey, Instant expected, Instant next) {
        String key = key(tenantId, namespace, flowId, triggerKey);
        if (!Objects.equals(slots.get(key), expected)) {
            return false;
        }
        slots.put(key, next);
        advances++;
        return true;
    }

    @Override
    public synchronized void retainSchedules(String tenantId, String namespace, String flowId,
            Set<String> keep) {
        String prefix = key(tenantId, namespace, flowId, "");
        slots.keySet().removeIf(k -> k.startsWith(prefix) && !keep.contains(k.substring(prefix.length())));
    }

    /** How many compare-and-sets succeeded. */
    synchronized int advances() {
        return advances;
    }

    /** How many triggers have a recorded slot. */
    synchronized int size() {
        return slots.size();
    }

    private static String key(String tenantId, String namespace, String flowId, String triggerKey) {
        return tenantId + "\n" + namespace + "\n" + flowId + "\n" + triggerKey;
    }
}
