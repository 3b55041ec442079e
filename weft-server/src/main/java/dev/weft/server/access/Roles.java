package dev.weft.server.access;

import dev.weft.engine.store.RoleRecord;
import dev.weft.engine.store.RoleStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every role a tenant's keys and users may hold: the built-in ones and the tenant's own ({@link RoleStore}).
 * A tenant's role cannot take a built-in role's name, nor grant a platform permission. Thread-safe.
 */
public final class Roles {
    private static final java.util.regex.Pattern NAMESPACE = java.util.regex.Pattern
            .compile("[a-z0-9][a-z0-9_-]{0,62}");
    private final RoleStore store;

    public Roles(RoleStore store) {
        this.store = store;
    }

    /** The role named {@code name} in {@code tenant}, if there is one. */
    public Optional<Role> resolve(String tenant, String name) {
        if (name == null) {
            return Optional.empty();
        }
        Optional<Role> builtIn = Role.builtIn(name);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return store.role(tenant, name).map(Roles::role);
    }

    /**
     * Why {@code actor} may not give, change, reset or remove a key or user holding {@code role} in the
     * tenant, {@code namespaceRoles} in single namespaces and limited to {@code namespaces} (empty: all), or
     * null when it may: nobody acts on a holder that can do, or reach, more than they can. A role that does
     * not exist counts as everything.
     */
    public String refusal(Principal actor, String tenant, String role,
            java.util.Collection<String> namespaces,
            java.util.Map<String, String> namespaceRoles) {
        Role target = resolve(tenant, role).orElse(Role.PLATFORM);
        if (!actor.role().permissions().containsAll(target.permissions())) {
            return "role '" + actor.role().name() + "' cannot act on a holder of role '" + role
                    + "', which grants more";
        }
        if (!actor.namespaces().isEmpty()
                && (namespaces.isEmpty() || !actor.namespaces().containsAll(namespaces))) {
            return "this caller reaches namespaces " + new java.util.TreeSet<>(actor.namespaces())
                    + " only, and the holder reaches " + (namespaces.isEmpty() ? "all" : namespaces);
        }
        return namespaceRolesRefusal(actor, tenant, namespaceRoles);
    }

    /**
     * Why {@code actor} may not give (or act on a holder of) {@code namespaceRoles}, or null when it may:
     * in each namespace it must hold every permission the role there grants to flows and executions.
     */
    public String namespaceRolesRefusal(Principal actor, String tenant,
            java.util.Map<String, String> namespaceRoles) {
        for (var binding : new java.util.TreeMap<>(namespaceRoles).entrySet()) {
            Role there = resolve(tenant, binding.getValue()).orElse(Role.PLATFORM);
            Set<Permission> held = actor.permissionsIn(binding.getKey());
            for (Permission p : there.permissions()) {
                if (p.reach() == Permission.Reach.NAMESPACE && !held.contains(p)) {
                    return "namespaceRoles: the holder's role '" + binding.getValue() + "' in namespace "
                            + binding.getKey() + " grants " + p + ", which this caller does not hold there";
                }
            }
        }
        return null;
    }

    /**
     * {@code given} checked as a holder's roles in single namespaces: each namespace a name (and one of
     * {@code namespaces} when the holder is limited to some), each role one of the tenant's (not the
     * platform's administrator). Answers them sorted.
     *
     * @throws IllegalArgumentException naming the field and what to change
     */
    public java.util.Map<String, String> checkNamespaceRoles(String tenant,
            java.util.Map<String, String> given,
            java.util.Collection<String> namespaces) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (var binding : given.entrySet()) {
            String namespace = binding.getKey();
            if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
                throw new IllegalArgumentException(
                        "namespaceRoles: '" + namespace + "' is not a namespace name"
                                + " (lower-case letters, digits, '-' and '_', at most 63)");
            }
            if (!namespaces.isEmpty() && !namespaces.contains(namespace)) {
                throw new IllegalArgumentException("namespaceRoles: " + namespace + " is not one of the"
                        + " namespaces " + new java.util.TreeSet<>(namespaces) + " the holder is limited to;"
                        + " add it to namespaces, or leave it out");
            }
            String name = binding.getValue();
            if (Role.PLATFORM_ADMIN.equals(name) || resolve(tenant, name).isEmpty()) {
                throw new IllegalArgumentException("namespaceRoles." + namespace + ": one of "
                        + names(tenant).stream().filter(n -> !n.equals(Role.PLATFORM_ADMIN)).toList()
                        + ", but was " + (name == null ? "null" : "'" + name + "'"));
            }
            out.put(namespace, name);
        }
        return out;
    }

    /** A holder's roles in single namespaces, as the roles they name; a role that no longer exists grants nothing. */
    public java.util.Map<String, Role> namespaceRoles(String tenant, java.util.Map<String, String> names) {
        java.util.Map<String, Role> out = new java.util.HashMap<>();
        names.forEach((namespace, name) -> resolve(tenant, name).filter(r -> r != Role.PLATFORM)
                .ifPresent(r -> out.put(namespace, r)));
        return out;
    }

    /** The names of every role of the tenant, built-in ones first. */
    public List<String> names(String tenant) {
        return Stream.concat(Role.BUILT_IN.stream().map(Role::name),
                store.roles(tenant).stream().map(RoleRecord::name)).toList();
    }

    /** A stored role as the permissions it grants; a permission this server does not know grants nothing. */
    static Role role(RoleRecord r) {
        // Every role reads the API's description and its own session, and may sign out.
        Set<Permission> permissions = EnumSet.of(Permission.API_READ);
        for (String name : r.permissions()) {
            Permission.of(name).filter(p -> p.reach() != Permission.Reach.PLATFORM)
                    .ifPresent(permissions::add);
        }
        return new Role(r.name(), permissions);
    }
}
