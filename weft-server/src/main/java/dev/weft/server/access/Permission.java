package dev.weft.server.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API operation needs. Every authenticated operation of the OpenAPI document names one in
 * {@code x-weft-permission}; a role is a set of them. The wire name is {@code resource.action}.
 */
public enum Permission {
    /** Read flows and their versions. */
    FLOWS_READ("flows.read", Reach.NAMESPACE),
    /** Deploy and delete flows. */
    FLOWS_WRITE("flows.write", Reach.NAMESPACE),
    /** Read executions with their steps. */
    EXECUTIONS_READ("executions.read", Reach.NAMESPACE),
    /** Start an execution of a flow. */
    EXECUTIONS_START("executions.start", Reach.NAMESPACE),
    /** Cancel an execution. */
    EXECUTIONS_CANCEL("executions.cancel", Reach.NAMESPACE),
    /** Retry a failed execution. */
    EXECUTIONS_RETRY("executions.retry", Reach.NAMESPACE),
    /** Replay an execution from a step. */
    EXECUTIONS_REPLAY("executions.replay", Reach.NAMESPACE),
    /** Send a signal to a waiting execution. */
    EXECUTIONS_SIGNAL("executions.signal", Reach.NAMESPACE),
    /** Read the event feed. */
    EVENTS_READ("events.read", Reach.TENANT),
    /** Publish a custom event. */
    EVENTS_PUBLISH("events.publish", Reach.TENANT),
    /** Read outbound webhook endpoints, their deliveries with every attempt, and their messages. */
    WEBHOOKS_READ("webhooks.read", Reach.TENANT),
    /** Send outbound webhook deliveries again (retry, replay) and send test events. */
    WEBHOOKS_SEND("webhooks.send", Reach.TENANT),
    /** Create, change and delete outbound webhook endpoints, rotate their secrets; declare event types. */
    WEBHOOKS_WRITE("webhooks.write", Reach.TENANT),
    /** Read data sync jobs, their runs, failed records and conflicts. */
    SYNC_READ("sync.read", Reach.TENANT),
    /** Run data sync jobs now, resync them, and resolve their conflicts. */
    SYNC_RUN("sync.run", Reach.TENANT),
    /** Deploy and delete data sync jobs. */
    SYNC_WRITE("sync.write", Reach.TENANT),
    /** Read systems and connectors. */
    SYSTEMS_READ("systems.read", Reach.TENANT),
    /** Create, change and delete systems. */
    SYSTEMS_WRITE("systems.write", Reach.TENANT),
    /** Test a system's connection. */
    SYSTEMS_TEST("systems.test", Reach.TENANT),
    /** Call a system's operation directly, with its credential. */
    SYSTEMS_CALL("systems.call", Reach.TENANT),
    /** Read credentials' metadata (never their secrets). */
    CREDENTIALS_READ("credentials.read", Reach.TENANT),
    /** Write and delete credentials. */
    CREDENTIALS_WRITE("credentials.write", Reach.TENANT),
    /** Download blobs. */
    BLOBS_READ("blobs.read", Reach.TENANT),
    /** Upload blobs. */
    BLOBS_WRITE("blobs.write", Reach.TENANT),
    /** List the tenant's API keys. */
    KEYS_READ("keys.read", Reach.TENANT),
    /** Create and revoke the tenant's API keys. */
    KEYS_WRITE("keys.write", Reach.TENANT),
    /** List the tenant's roles. */
    ROLES_READ("roles.read", Reach.TENANT),
    /** Create, change and delete the tenant's own roles. */
    ROLES_WRITE("roles.write", Reach.TENANT),
    /** List the tenant's users. */
    USERS_READ("users.read", Reach.TENANT),
    /** Add, change and remove the tenant's users. */
    USERS_WRITE("users.write", Reach.TENANT),
    /** Read, report on and export the tenant's audit log. */
    AUDIT_READ("audit.read", Reach.TENANT),
    /** Read the detailed health. */
    OPERATIONS_READ("operations.read", Reach.TENANT),
    /** Read the OpenAPI document. */
    API_READ("api.read", Reach.NAMESPACE),
    /** Read every tenant. */
    TENANTS_READ("tenants.read", Reach.PLATFORM),
    /** Create, rename, suspend and reactivate tenants. */
    TENANTS_WRITE("tenants.write", Reach.PLATFORM);

    /** How far an operation needing the permission reaches, and so which keys may use it. */
    public enum Reach {
        /** Flows and executions of one namespace: a key limited to namespaces uses it inside them. */
        NAMESPACE,
        /** The whole tenant (systems, credentials, the event feed): not for a key limited to namespaces. */
        TENANT,
        /** Every tenant: for the platform's administrators only. */
        PLATFORM
    }

    private final String wireName;
    private final Reach reach;

    Permission(String wireName, Reach reach) {
        this.wireName = wireName;
        this.reach = reach;
    }

    public String wireName() {
        return wireName;
    }

    public Reach reach() {
        return reach;
    }

    public static Optional<Permission> of(String wireName) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
