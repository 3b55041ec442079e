package dev.weft.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which audit entries to list, newest first: one tenant's, optionally by actor, action and outcome, within
 * {@code [from, to)}, before the entry numbered {@code beforeSeq} (the last of the previous page). Null
 * means no filter. Immutable.
 */
public record AuditQuery(String tenant, String actor, String action, String outcome, Instant from, Instant to,
        Long beforeSeq, int limit) {
    public AuditQuery {
        Objects.requireNonNull(tenant, "tenant");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
    }
}
