package dev.weft.engine.schedule;

import dev.weft.engine.store.FlowVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Starts the execution of one schedule slot. The {@link Scheduler} may call it more than once for the
 * same slot (two nodes ticking at once, or a crash after firing and before recording the next slot),
 * so it must be idempotent: create the execution with the id {@link #executionId} gives, and treat
 * "already exists" as success. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SlotFirer {

    /**
     * Creates the slot's execution, or does nothing when it exists. Returns once the execution is
     * durably committed; throws when it could not be, and the scheduler tries again on a later tick. A
     * failure that a retry cannot cure (the flow requires input a schedule does not give) should be
     * recorded, as a failed execution or a log line, and not thrown: it would be retried every few seconds.
     *
     * @param version the flow version to run, the latest the scheduler saw
     * @param triggerKey the trigger within the flow, see {@link ScheduleTriggers}
     * @param slot the instant the slot was due, the same on every node and every retry
     */
    void fire(FlowVersion version, String triggerKey, Instant slot);

    /**
     * The execution id of a slot: a name-based UUID of tenant, flow, trigger and slot, so that every
     * node and every retry computes the same one. It does not depend on the flow version, so a slot
     * fired by one node on version 3 and another on version 4 is still one execution.
     */
    static String executionId(String tenantId, String namespace, String flowId, String triggerKey,
            Instant slot) {
        String name = "weft-schedule\n" + tenantId + "\n" + namespace + "\n" + flowId + "\n" + triggerKey
                + "\n" + slot;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
