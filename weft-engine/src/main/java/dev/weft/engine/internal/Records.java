package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import java.time.Instant;

/** Copies of execution rows with some fields changed (records have no withers). */
final class Records {
    private Records() {
    }

    static ExecutionRecord with(ExecutionRecord r, ExecutionStatus status, JsonNode output, JsonNode error,
            Instant updatedAt, Instant finishedAt, Instant dueAt, String leaseOwner, Instant leaseUntil) {
        return new ExecutionRecord(r.tenantId(), r.id(), r.namespace(), r.flowId(), r.flowVersion(), status,
                r.input(), r.trigger(), output, error, r.createdAt(), updatedAt, finishedAt, dueAt,
                leaseOwner, leaseUntil,
                r.leaseVersion(), r.parentId(), r.parentStepPath());
    }
}
