package dev.weft.server.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API operation needs. Every authenticated operation of the OpenAPI document names one in
 * {@code x-weft-permission}; a role is a set of them. The wire name is {@code resource.action}.
 */
public enum Permission {
    FLOWS_READ("flows.read", Reach.NAMESPACE), FLOWS_WRITE("flows.write", Reach.NAMESPACE), EXECUTIONS_READ(
            "executions.read",
            Reach.NAMESPACE), EXECUTIONS_START("executions.start", Reach.NAMESPACE), EXECUTIONS_CANCEL(
                    "executions.cancel", Reach.NAMESPACE), EXECUTIONS_RETRY("executions.retry",
                            Reach.NAMESPACE), EXECUTIONS_REPLAY("executions.replay",
                                    Reach.NAMESPACE), EXECUTIONS_SIGNAL("executions.signal",
                                            Reach.NAMESPACE), EVENTS_READ("events.read",
                                                    Reach.TENANT), EVENTS_PUBLISH("events.publish",
                                                            Reach.TENANT), SYSTEMS_READ("systems.read",
                                                                    Reach.TENANT), SYSTEMS_WRITE(
                                                                            "systems.write",
                                                                            Reach.TENANT), SYSTEMS_TEST(
                                                                                    "systems.test",
                                                                                    Reach.TENANT), SYSTEMS_CALL(
                                                                                            "systems.call",
                                                                                            Reach.TENANT), CREDENTIALS_READ(
                                                                                                    "credentials.read",
                                                                                                    Reach.TENANT), CREDENTIALS_WRITE(
                                                                                                            "credentials.write",
                                                                                                            Reach.TENANT), BLOBS_READ(
                                                                                                                    "blobs.read",
                                                                                                                    Reach.TENANT), BLOBS_WRITE(
                                                                                                                            "blobs.write",
                                                                                                                            Reach.TENANT), KEYS_READ(
                                                                                                                                    "keys.read",
                                                                                                                                    Reach.TENANT), KEYS_WRITE(
                                                                                                                                            "keys.write",
                                                                                                                                            Reach.TENANT), OPERATIONS_READ(
                                                                                                                                                    "operations.read",
                                                                                                                                                    Reach.TENANT), API_READ(
                                                                                                                                                            "api.read",
                                                                                                                                                            Reach.NAMESPACE), TENANTS_READ(
                                                                                                                                                                    "tenants.read",
                                                                                                                                                                    Reach.PLATFORM), TENANTS_WRITE(
                                                                                                                                                                            "tenants.write",
                                                                                                                                                                            Reach.PLATFORM);

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
