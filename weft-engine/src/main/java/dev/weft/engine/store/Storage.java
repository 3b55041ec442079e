package dev.weft.engine.store;

import dev.weft.engine.store.sync.SyncStore;
import dev.weft.engine.store.webhook.WebhookStore;
import dev.weft.store.CredentialStore;

/**
 * One database holding everything Weft persists, seen through one store per concern. The server opens
 * one; the engine needs only {@link #executions()}. Thread-safe.
 */
public interface Storage extends AutoCloseable {

    ExecutionStore executions();

    ApiKeyStore apiKeys();

    CredentialStore credentials();

    ScheduleStore schedules();

    SystemStore systems();

    TriggerCursorStore triggerCursors();

    BlobStore blobs();

    TenantStore tenants();

    AuditStore audit();

    UserStore users();

    RoleStore roles();

    /** Outbound webhooks' endpoints, messages, deliveries, attempts and the tenants' own event types. */
    WebhookStore webhooks();

    /** Data sync's jobs, links, cursors, runs, failed records and conflicts. */
    SyncStore sync();

    /** A short, secret-free description for logs and health: {@code sqlite:/data/weft.db}. */
    String describe();

    /**
     * Runs a trivial query, throwing when the database cannot be reached, or when writes fail (a full disk)
     * until one succeeds again.
     */
    void ping();

    @Override
    void close();
}
