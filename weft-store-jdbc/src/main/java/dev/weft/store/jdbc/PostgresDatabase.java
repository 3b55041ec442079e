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
            FluentConfiguration flyway = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration/common", "classpath:db/migration/postgresql");
            if (settings.schema() != null) {
                flyway.schemas(settings.schema());
            }
            flyway.load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresDatabase(pool, settings.describe());
    }

    @Override
    public <T> T write(Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (StatementCache statements = new StatementCache(pool.getConnection())) {
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
    public <T> T read(Work<T> work) {
        try (StatementCache statements = new StatementCache(pool.getConnection())) {
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
