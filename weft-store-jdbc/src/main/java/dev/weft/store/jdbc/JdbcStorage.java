package dev.weft.store.jdbc;

import dev.weft.engine.store.ApiKeyStore;
import dev.weft.engine.store.AuditStore;
import dev.weft.engine.store.BlobStore;
import dev.weft.store.CredentialStore;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.ScheduleStore;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.SystemStore;
import dev.weft.engine.store.TenantStore;
import dev.weft.engine.store.TriggerCursorStore;
import dev.weft.engine.store.RoleStore;
import dev.weft.engine.store.UserStore;
import dev.weft.engine.store.sync.SyncStore;
import dev.weft.engine.store.webhook.WebhookStore;
import java.sql.ResultSet;

/** The stores of one JDBC {@link Database}; closing any of them, or this, closes it. Thread-safe. */
abstract sealed class JdbcStorage implements Storage permits SqliteStorage, PostgresStorage {

    private final Database db;
    private final JdbcExecutionStore executions;
    private final ApiKeyStore apiKeys;
    private final CredentialStore credentials;
    private final ScheduleStore schedules;
    private final SystemStore systems;
    private final TriggerCursorStore triggerCursors;
    private final BlobStore blobs;
    private final TenantStore tenants;
    private final AuditStore audit;
    private final UserStore users;
    private final RoleStore roles;
    private final WebhookStore webhooks;
    private final SyncStore sync;

    JdbcStorage(Database db, JdbcExecutionStore executions) {
        this.db = db;
        this.executions = executions;
        this.apiKeys = new JdbcApiKeyStore(db);
        this.credentials = new JdbcCredentialStore(db);
        this.schedules = new JdbcScheduleStore(db);
        this.systems = new JdbcSystemStore(db);
        this.triggerCursors = new JdbcTriggerCursorStore(db);
        this.blobs = new JdbcBlobStore(db);
        this.tenants = new JdbcTenantStore(db);
        this.audit = new JdbcAuditStore(db);
        this.users = new JdbcUserStore(db);
        this.roles = new JdbcRoleStore(db);
        this.webhooks = new JdbcWebhookStore(db);
        this.sync = new JdbcSyncStore(db);
    }

    /** The database the stores share (for tests of its transactions). */
    Database database() {
        return db;
    }

    @Override
    public ExecutionStore executions() {
        return executions;
    }

    @Override
    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    @Override
    public CredentialStore credentials() {
        return credentials;
    }

    @Override
    public ScheduleStore schedules() {
        return schedules;
    }

    @Override
    public SystemStore systems() {
        return systems;
    }

    @Override
    public TriggerCursorStore triggerCursors() {
        return triggerCursors;
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public TenantStore tenants() {
        return tenants;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public RoleStore roles() {
        return roles;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public SyncStore sync() {
        return sync;
    }

    @Override
    public String describe() {
        return db.describe();
    }

    @Override
    public void ping() {
        db.read(statements -> {
            try (ResultSet rs = statements.prepare("SELECT 1").executeQuery()) {
                return rs.next();
            }
        });
        db.checkWritable();
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
