package dev.weft.engine.schedule;

import dev.weft.engine.store.FlowVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An idempotent {@link SlotFirer} that keeps one "execution" per {@link SlotFirer#executionId}, as the
 * engine does, and every call it got. Thread-safe.
 */
final class RecordingFirer implements SlotFirer {
    record Fire(String flowId, int version, String triggerKey, Instant slot) {
    }

    private final List<Fire> calls = new ArrayList<>();
    private final Map<String, Fire> executions = new LinkedHashMap<>();

    @Override
    public synchronized void fire(FlowVersion version, String triggerKey, Instant slot) {
        Fire fire = new Fire(version.flowId(), version.version(), triggerKey, slot);
        calls.add(fire);
        executions.putIfAbsent(SlotFirer.executionId(version.tenantId(), version.namespace(),
                version.flowId(), triggerKey, slot), fire);
    }

    /** Every call, repeated ones included. */
    synchronized List<Fire> calls() {
        return List.copyOf(calls);
    }

    /** The executions that exist, in the order they were created. */
    synchronized List<Fire> executions() {
        return List.copyOf(executions.values());
    }

    /** The slots that got an execution, in the order they were created. */
    synchronized List<Instant> slots() {
        return executions.values().stream().map(Fire::slot).toList();
    }
}
