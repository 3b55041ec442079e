package dev.weft.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One tenant: the boundary every resource lives in (flows, executions, systems, credentials, events,
 * schedules, blobs, keys). Immutable.
 *
 * @param id the tenant's id, as URLs and rows name it
 * @param name a display name
 * @param status {@code active}, or {@code suspended}: no request in its name is served
 * @param maxActiveExecutions the most executions it may have queued and running at once; null for the
 *     server's default ({@code limits.tenantMaxActiveExecutions}), 0 for no limit
 * @param maxStoredBytes the most bytes its blobs may take; null for the server's default ({@code
 *     limits.tenantMaxStoredBytes}), 0 for no limit
 */
public record TenantRecord(String id, String name, String status, Instant createdAt, Instant updatedAt,
        Integer maxActiveExecutions, Long maxStoredBytes) {
    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";

    public TenantRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A tenant with the server's default quotas. */
    public TenantRecord(String id, String name, String status, Instant createdAt, Instant updatedAt) {
        this(id, name, status, createdAt, updatedAt, null, null);
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
