package dev.weft.server.access;

import dev.weft.engine.Caller;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who an authenticated request acts as: an API key or a signed-in user of a tenant, with its role, its roles
 * in single namespaces and the namespaces it reaches. Immutable.
 *
 * @param actor {@code api-key:<id>} or {@code user:<id>}, as audit and the client's caller name it
 * @param role what it may do in the whole tenant
 * @param namespaces empty for every namespace of the tenant
 * @param namespaceRoles what it may also do in single namespaces: their flows and executions only (a role's
 *     permissions that reach the whole tenant count in the tenant's role alone)
 * @param session the session's id (its token's digest) when a session cookie authenticated the request;
 *     null for an API key
 * @param csrfHash the SHA-256 of the session's CSRF token, which a change must send back; null for a key
 */
public record Principal(String tenant, String actor, Role role, Set<String> namespaces,
        Map<String, Role> namespaceRoles, String session, String csrfHash) {
    public Principal {
        namespaces = Set.copyOf(namespaces);
        namespaceRoles = Map.copyOf(namespaceRoles);
    }

    /** An API key's principal without roles in single namespaces. */
    public Principal(String tenant, String actor, Role role, Set<String> namespaces) {
        this(tenant, actor, role, namespaces, Map.of(), null, null);
    }

    /** Whether it administers the platform (every tenant), not only its own tenant. */
    public boolean platformAdmin() {
        return role.grants(Permission.TENANTS_WRITE);
    }

    /**
     * Where it holds {@code permission}: empty when nowhere; else the namespaces, where an empty set means
     * every namespace it reaches ({@link #namespaces()}). Roles add up: a namespace's role grants more there
     * and never takes away what the tenant's role grants.
     */
    public Optional<Set<String>> reach(Permission permission) {
        if (role.grants(permission)) {
            return Optional.of(namespaces);
        }
        if (permission.reach() != Permission.Reach.NAMESPACE) {
            return Optional.empty();
        }
        Set<String> where = new TreeSet<>();
        namespaceRoles.forEach((namespace, r) -> {
            if (r.grants(permission) && (namespaces.isEmpty() || namespaces.contains(namespace))) {
                where.add(namespace);
            }
        });
        return where.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(where));
    }

    /** What it may do to the flows and executions of {@code namespace} (nothing outside its namespaces). */
    public Set<Permission> permissionsIn(String namespace) {
        if (!namespaces.isEmpty() && !namespaces.contains(namespace)) {
            return Set.of();
        }
        Set<Permission> all = EnumSet.noneOf(Permission.class);
        all.addAll(role.permissions());
        Role there = namespaceRoles.get(namespace);
        if (there != null) {
            there.permissions().stream().filter(p -> p.reach() == Permission.Reach.NAMESPACE)
                    .forEach(all::add);
        }
        return all;
    }

    /** The client's caller for work that needs {@code reach}, as {@link #reach(Permission)} answered it. */
    public Caller caller(Set<String> reach) {
        return new Caller(tenant, actor, reach);
    }

    /** The client's caller with every namespace the principal reaches. */
    public Caller caller() {
        return caller(namespaces);
    }
}
