package dev.weft.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's own role: a named set of permissions ({@code flows.read}, {@code executions.start}, ...), given
 * to keys and users like a built-in one. Immutable.
 */
public record RoleRecord(String tenantId, String name, String description, List<String> permissions,
        Instant createdAt, Instant updatedAt) {
    public RoleRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        permissions = List.copyOf(permissions);
    }
}
