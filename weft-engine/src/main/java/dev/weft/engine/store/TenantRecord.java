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
 */
public record TenantRecord(String id, String name, String status, Instant createdAt, Instant updatedAt) {
    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";

    public TenantRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
