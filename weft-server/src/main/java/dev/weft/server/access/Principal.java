package dev.weft.server.access;

import dev.weft.engine.Caller;
import java.util.Set;

/**
 * Who an authenticated request acts as: an API key or a signed-in user of a tenant, with its role and the
 * namespaces it reaches. Immutable.
 *
 * @param actor {@code api-key:<id>} or {@code user:<id>}, as audit and the client's caller name it
 * @param namespaces empty for every namespace of the tenant
 * @param session the session's id (its token's digest) when a session cookie authenticated the request;
 *     null for an API key
 * @param csrfHash the SHA-256 of the session's CSRF token, which a change must send back; null for a key
 */
public record Principal(String tenant, String actor, Role role, Set<String> namespaces, String session,
        String csrfHash) {
    public Principal {
        namespaces = Set.copyOf(namespaces);
    }

    /** An API key's principal. */
    public Principal(String tenant, String actor, Role role, Set<String> namespaces) {
        this(tenant, actor, role, namespaces, null, null);
    }

    /** Whether it administers the platform (every tenant), not only its own tenant. */
    public boolean platformAdmin() {
        return role.grants(Permission.TENANTS_WRITE);
    }

    public Caller caller() {
        return new Caller(tenant, actor, namespaces);
    }
}
