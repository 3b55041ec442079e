package dev.weft.server.access;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A named set of permissions. The built-in roles nest: {@code viewer} reads everything but keys, outbound
 * webhook endpoints and deliveries included (never a secret: no read answers one; an endpoint's signing
 * secret is shown once, to the editor who creates or rotates it);
 * {@code operator} also runs what is deployed (start, cancel, retry, replay, signal, test a system, publish
 * an event, upload a blob) and sends outbound webhook deliveries again (retry, replay, test); {@code editor}
 * also changes flows, systems, credentials, outbound webhook endpoints (and their signing secrets) and event
 * types, and calls a system's operations directly; {@code admin} also manages the tenant's API keys, users
 * and own roles and reads its audit log; {@code platform-admin}, only in the default tenant, also manages
 * tenants and the keys of every tenant. Immutable.
 */
public record Role(String name, Set<Permission> permissions) {
    public static final String PLATFORM_ADMIN = "platform-admin";

    public static final Role VIEWER = new Role("viewer", EnumSet.of(Permission.FLOWS_READ,
            Permission.EXECUTIONS_READ, Permission.EVENTS_READ, Permission.SYSTEMS_READ,
            Permission.CREDENTIALS_READ, Permission.BLOBS_READ, Permission.OPERATIONS_READ,
            Permission.API_READ, Permission.WEBHOOKS_READ, Permission.SYNC_READ));
    public static final Role OPERATOR = VIEWER.with("operator", Permission.EXECUTIONS_START,
            Permission.EXECUTIONS_CANCEL, Permission.EXECUTIONS_RETRY, Permission.EXECUTIONS_REPLAY,
            Permission.EXECUTIONS_SIGNAL, Permission.SYSTEMS_TEST, Permission.EVENTS_PUBLISH,
            Permission.BLOBS_WRITE, Permission.WEBHOOKS_SEND, Permission.SYNC_RUN);
    public static final Role EDITOR = OPERATOR.with("editor", Permission.FLOWS_WRITE,
            Permission.SYSTEMS_WRITE,
            Permission.SYSTEMS_CALL, Permission.CREDENTIALS_WRITE, Permission.WEBHOOKS_WRITE,
            Permission.SYNC_WRITE);
    public static final Role ADMIN = EDITOR.with("admin", Permission.KEYS_READ, Permission.KEYS_WRITE,
            Permission.USERS_READ, Permission.USERS_WRITE, Permission.ROLES_READ, Permission.ROLES_WRITE,
            Permission.AUDIT_READ);
    public static final Role PLATFORM = ADMIN.with(PLATFORM_ADMIN, Permission.TENANTS_READ,
            Permission.TENANTS_WRITE);

    /** The built-in roles, least first. */
    public static final List<Role> BUILT_IN = List.of(VIEWER, OPERATOR, EDITOR, ADMIN, PLATFORM);

    public Role {
        permissions = Collections.unmodifiableSet(permissions.isEmpty()
                ? EnumSet.noneOf(Permission.class)
                : EnumSet.copyOf(permissions));
    }

    public static Optional<Role> builtIn(String name) {
        return BUILT_IN.stream().filter(r -> r.name.equals(name)).findFirst();
    }

    private Role with(String name, Permission... more) {
        EnumSet<Permission> all = EnumSet.copyOf(permissions);
        all.addAll(Arrays.asList(more));
        return new Role(name, all);
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }
}
