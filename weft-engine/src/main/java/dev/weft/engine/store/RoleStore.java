package dev.weft.engine.store;

import java.util.List;
import java.util.Optional;

/** A tenant's own roles. Implementations are thread-safe and durable. */
public interface RoleStore {

    /** Creates or replaces the role; returns whether it was new. */
    boolean putRole(RoleRecord role);

    Optional<RoleRecord> role(String tenantId, String name);

    /** The tenant's roles, by name. */
    List<RoleRecord> roles(String tenantId);

    boolean deleteRole(String tenantId, String name);
}
