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
     * Why {@code actor} may not act on a key or user holding {@code role} (unknown roles count as everything)
     * limited to {@code namespaces}, or null when it may: nobody changes, resets or removes a key or user that
     * can do more, or reach more, than they can.
     */
    public String refusal(Principal actor, String tenant, String role,
            java.util.Collection<String> namespaces) {
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
        return null;
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
