package dev.weft.engine.store.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A record changed on both sides that the job's rules send to review ({@code manual}): both versions, the
 * last synced one when known, the fields in conflict, and once resolved, the resolution. At most one conflict
 * per record is open or resolved at a time (per {@code leftKey}); a newer conflict of the same record replaces
 * it. Immutable.
 *
 * @param id {@code cfl_} and a time-ordered id
 * @param left the left record as read, JSON text
 * @param right the right record as read, JSON text
 * @param base the last synced content, JSON text, or null
 * @param resolution JSON text, {@code {"take":"left"}}, {@code {"take":"right"}} or {@code {"record":{...}}}; null
 *     while open
 * @param resolvedBy the principal that resolved it, or null
 */
public record SyncConflict(String tenantId, String jobId, String id, String leftKey, String rightKey,
        String left, String right, String base, List<String> fields, ConflictStatus status, String resolution,
        String resolvedBy, Instant createdAt, Instant resolvedAt) {

    public SyncConflict {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(leftKey, "leftKey");
        Objects.requireNonNull(rightKey, "rightKey");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        fields = List.copyOf(fields);
    }
}
