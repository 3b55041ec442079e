package dev.weft.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * A PostgreSQL database behind a connection pool. Unlike SQLite, writers run side by side, each on a
 * connection of its own; rows are locked as they are written or claimed. Thread-safe.
 */
final class PostgresDatabase implements Database {

    /** How often a write transaction is tried when PostgreSQL aborts it to break a deadlock. */
    private static final int WRITE_ATTEMPTS = 5;
    /** deadlock_detected and serialization_failure: the transaction was rolled back and may run again. */
    private static final Set<String> RETRYABLE = Set.of("40P01", "40001");

    private final HikariDataSource pool;
    private final String description;

    private PostgresDatabase(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /** Connects and migrates the schema; several nodes may do so at once (Flyway takes a lock). */
    static PostgresDatabase open(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("weft-postgres");
        // A plan cached while a table was empty keeps using whichever index looked as cheap as the
        // primary key then (all of them): an update by key that scans the tenant's rows. Planning each
        // statement for the table as it is costs a few microseconds; see docs/design/postgres-store.md.
        config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        if (settings.schema() != null) {
            config.setSchema(settings.schema());
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to " + settings.describe() + ": " + e.getMessage()
                    + " (check the storage URL, user and password, and that the server accepts connections)",
                    e);
        }
        try {
            migrate(settings);
            warnUnlessRowSecurityApplies(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresDatabase(pool, settings.describe());
    }

    /**
     * Migrates the schema as its owner ({@link PostgresSettings#owner}, else the user), on connections of
     * its own that may see every tenant's rows (a later migration may change them); with a separate owner,
     * then grants the user what the application needs: the tables' rows, but no change or deletion of an
     * audit entry.
     */
    private static void migrate(PostgresSettings settings) {
        String user = settings.owner() != null ? settings.owner() : settings.user();
        String password = settings.owner() != null ? settings.ownerPassword() : settings.password();
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(settings.jdbcUrl(), user, password)
                .initSql("SELECT set_config('weft.tenant', '*', false)")
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql");
        if (settings.schema() != null) {
            flyway.schemas(settings.schema());
        }
        flyway.load().migrate();
        if (settings.owner() == null) {
            return;
        }
        try (Connection owner = java.sql.DriverManager.getConnection(settings.jdbcUrl(), user, password);
                java.sql.Statement grant = owner.createStatement()) {
            String schema = settings.schema() != null ? settings.schema() : currentSchema(owner);
            String app = quoted(
                    settings.user() != null ? settings.user() : owner.getMetaData().getUserName());
            grant.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + app);
            grant.execute(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + app);
            grant.execute("REVOKE UPDATE, DELETE, TRUNCATE ON " + schema + ".audit_log FROM " + app);
            grant.execute(
                    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON " + schema + ".flyway_schema_history FROM "
                            + app);
            grant.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + app);
        } catch (SQLException e) {
            throw new IllegalStateException("the schema is migrated, but granting the application role "
                    + settings.user() + " its privileges as " + user + " failed: " + e.getMessage(), e);
        }
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT current_schema()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String quoted(String role) {
        return "\"" + role.replace("\"", "\"\"") + "\"";
    }

    /** Says so when the application's role is above row-level security: isolation then rests on the SQL alone. */
    private static void warnUnlessRowSecurityApplies(HikariDataSource pool, PostgresSettings settings) {
        try (Connection c = pool.getConnection();
                java.sql.ResultSet rs = c.createStatement().executeQuery(
                        "SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getBoolean(2)) {
                org.slf4j.LoggerFactory.getLogger(PostgresDatabase.class)
                        .warn("the store connects to {} as {},"
                                + " a superuser or a role with BYPASSRLS, so row-level security does not apply to it:"
                                + " tenants are kept apart by the store's queries alone. Connect as a role of its own"
                                + " (store user), and give the owning role as store owner (docs/configuration.md)",
                                settings.describe(), rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot read the roles of " + settings.describe() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public <T> T write(String tenant, Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (StatementCache statements = scoped(tenant, true)) {
                return inTransaction(statements, work);
            } catch (SQLException e) {
                if (attempt < WRITE_ATTEMPTS && retryable(e)) {
                    continue;
                }
                throw new IllegalStateException("write to " + description + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Also when the error is one entry of a batch, which the driver reports as the next exception. */
    private static boolean retryable(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (RETRYABLE.contains(next.getSQLState())
                    || next.getCause() instanceof SQLException cause
                            && RETRYABLE.contains(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean wroteAnything(StatementCache statements) throws SQLException {
        try (java.sql.ResultSet rs = statements.prepare("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")
                .executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * A pooled connection whose statements work on {@code tenant}'s rows: row-level security (V18) shows and
     * accepts that tenant's rows only, or every tenant's for {@link Database#ALL_TENANTS}. The tenant is set
     * per transaction with {@code SET LOCAL} ({@link TenantStatements}), never on the session.
     */
    private StatementCache scoped(String tenant, boolean transactional) throws SQLException {
        TenantStatements preparer = new TenantStatements(
                java.util.Objects.requireNonNull(tenant,
                        "tenant (Database.ALL_TENANTS for work across tenants)"),
                transactional);
        return new StatementCache(pool.getConnection(), preparer);
    }

    private static <T> T inTransaction(StatementCache statements, Work<T> work) throws SQLException {
        Connection connection = statements.connection();
        connection.setAutoCommit(false);
        try {
            T result = work.run(statements);
            // A request's audit entry goes with the first transaction that changes a row (and so has an id).
            dev.weft.engine.store.AuditEntry audited = null;
            if (dev.weft.engine.store.AuditScope.pending().isPresent() && wroteAnything(statements)) {
                audited = JdbcAuditStore.appendPending(statements);
            }
            connection.commit();
            if (audited != null) {
                dev.weft.engine.store.AuditScope.committed(audited);
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                // The connection is broken; the server rolls back what it had when the connection ends.
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    @Override
    public <T> T read(String tenant, Work<T> work) {
        try (StatementCache statements = scoped(tenant, false)) {
            return work.run(statements);
        } catch (SQLException e) {
            throw new IllegalStateException("read from " + description + " failed: " + e.getMessage(), e);
        }
    }

    int poolSize() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public Dialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
