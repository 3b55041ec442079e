package dev.weft.connector.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.connector.ConnectorException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Properties;

/**
 * One system's database: its HikariCP pool and the two ways work runs on a pooled connection, in a
 * read-only transaction or in a transaction that commits only when all of it succeeded. The pool opens no
 * connection until the first call, so that opening a system never waits for the server. Thread-safe.
 */
final class Database implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, ConnectorException;
    }

    private final SqlConfig config;
    private final Clock clock;
    private final HikariDataSource pool;

    Database(SqlConfig config, String systemId, Clock clock) {
        this.config = config;
        this.clock = clock;
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("weft-" + config.dialect().id() + "-" + systemId);
        hikari.setDriverClassName(driver().getClass().getName());
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setDataSourceProperties(config.driverProperties());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setConnectionInitSql(config.connectionInitSql());
        // Start without connecting: a server that is down is reported by test() and by the calls.
        hikari.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(hikari);
    }

    SqlConfig config() {
        return config;
    }

    Dialect dialect() {
        return config.dialect();
    }

    Clock clock() {
        return clock;
    }

    /** Runs {@code work} in a transaction that is rolled back whatever happens, and refuses writes. */
    <T> T readOnly(Work<T> work) throws SQLException, ConnectorException {
        try (Connection connection = pool.getConnection()) {
            try {
                connection.setAutoCommit(false);
                try {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET TRANSACTION READ ONLY");
                    }
                    return work.run(connection);
                } finally {
                    rollback(connection);
                }
            } finally {
                reset(connection);
            }
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) throws SQLException, ConnectorException {
        try (Connection connection = pool.getConnection()) {
            try {
                connection.setAutoCommit(false);
                boolean committed = false;
                try {
                    T result = work.run(connection);
                    connection.commit();
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        rollback(connection);
                    }
                }
            } finally {
                reset(connection);
            }
        }
    }

    /**
     * Runs {@code work} on one connection outside autocommit, for work that commits or rolls back several
     * transactions itself (a batch, then its records one by one); what it leaves uncommitted, when it
     * returns or throws, is rolled back.
     */
    <T> T transactions(Work<T> work) throws SQLException, ConnectorException {
        try (Connection connection = pool.getConnection()) {
            try {
                connection.setAutoCommit(false);
                try {
                    return work.run(connection);
                } finally {
                    rollback(connection);
                }
            } finally {
                reset(connection);
            }
        }
    }

    /** Whether the server has {@code RELEASE_ALL_LOCKS()} (MariaDB 10.5 and later); learned on first use. */
    private volatile boolean releaseAllLocks = true;

    /** The reset keeps the locks of {@code GET_LOCK}: released here, where the server can. */
    private void releaseLocks(Statement statement) throws SQLException {
        try {
            statement.execute("DO RELEASE_ALL_LOCKS()");
        } catch (SQLException e) {
            if (e.getErrorCode() != 1305 && e.getErrorCode() != 1064) { // no such function; a syntax error
                throw e;
            }
            releaseAllLocks = false;
            LOG.warn("{}: the server has no RELEASE_ALL_LOCKS() (MariaDB before 10.5): a GET_LOCK taken in a"
                    + " call stays with the pooled connection until it closes", config.jdbcUrl());
        }
    }

    /**
     * Leaves nothing of a call on the connection for the next call, which may be another flow's: session
     * locks ({@code pg_advisory_lock}, {@code GET_LOCK}), session settings, temporary tables, prepared
     * statements, {@code LISTEN}s. PostgreSQL's {@code DISCARD ALL} and MariaDB's connection reset
     * ({@code COM_RESET_CONNECTION}) with {@code RELEASE_ALL_LOCKS()} undo them; the connection's own settings
     * (time zone) are set again. A
     * connection that cannot be reset is closed instead of lent again. It costs a round trip or two per call.
     */
    private void reset(Connection connection) {
        try {
            if (dialect() == Dialect.MARIADB) {
                connection.unwrap(org.mariadb.jdbc.Connection.class).reset();
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                if (dialect() == Dialect.POSTGRES) {
                    statement.execute("DISCARD ALL"); // not in a transaction block: one statement of its own
                } else if (releaseAllLocks) {
                    releaseLocks(statement);
                }
                statement.execute(config.connectionInitSql());
            }
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(connection);
        }
    }

    /**
     * A new connection outside the pool, for the connection test: the pool would only say it timed out,
     * where the driver says why (refused, unknown host, wrong password, no such database).
     */
    Connection connectOnce() throws SQLException {
        Properties properties = config.driverProperties();
        properties.setProperty("user", config.username());
        properties.setProperty("password", config.password());
        Connection connection = driver().connect(config.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("the " + dialect().product() + " driver did not accept the URL "
                    + config.jdbcUrl(), "08001");
        }
        return connection;
    }

    private Driver driver() {
        return switch (config.dialect()) {
            case POSTGRES -> new org.postgresql.Driver();
            case MARIADB -> new org.mariadb.jdbc.Driver();
        };
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException broken) {
            // A connection that cannot roll back is broken; the pool closes it instead of lending it again.
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
