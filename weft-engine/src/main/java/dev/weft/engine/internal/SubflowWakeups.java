package dev.weft.engine.internal;

import dev.weft.engine.event.FeedConsumer;
import dev.weft.engine.store.EventRecord;
import java.util.List;
import java.util.Set;

/**
 * Wakes the parent of every subflow child that ended, read from the event feed: the child's end event is
 * committed with the end itself, so a parent is woken even when the node that ran the child died right
 * after (or the parent's node was down then). A wake-up repeated after a crash is harmless. Stateless.
 */
public final class SubflowWakeups implements FeedConsumer.Handler {
    /** The durable name of this consumer's position in the feed. */
    public static final String CONSUMER = "weft.engine.subflow-wakeups";
    /** The events it reads, of subflow children only. */
    public static final Set<String> ENDS = Set.of(EventRecord.EXECUTION_SUCCEEDED,
            EventRecord.EXECUTION_FAILED, EventRecord.EXECUTION_CANCELLED);

    private final Worker worker;

    public SubflowWakeups(Worker worker) {
        this.worker = worker;
    }

    @Override
    public void handle(List<EventRecord> events) {
        for (EventRecord e : events) {
            if (ENDS.contains(e.type()) && e.payload().hasNonNull("parentId")) {
                worker.wakeParent(e.tenantId(), e.payload().get("parentId").asText());
            }
        }
    }
}
