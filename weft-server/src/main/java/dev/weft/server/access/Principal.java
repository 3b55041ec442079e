package dev.weft.server.access;

import dev.weft.engine.Caller;
import java.util.Set;

/**
 * Who an authenticated request acts as: a key of a tenant, with its role and the namespaces it reaches.
 * Immutable.
 *
 * @param actor {@code api-key:<id>}, as audit and the client's caller name it
 * @param namespaces empty for every namespace of the tenant
 */
public record Principal(String tenant, String actor, Role role, Set<String> namespaces) {
    public Principal {
        namespaces = Set.copyOf(namespaces);
    }

    /** Whether it administers the platform (every tenant), not only its own tenant. */
    public boolean platformAdmin() {
        return role.grants(Permission.TENANTS_WRITE);
    }

    public Caller caller() {
        return new Caller(tenant, actor, namespaces);
    }
}
