package dev.weft.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, prepared once per SQL text and reused: the group-commit
 * path runs the same few statements hundreds of times per transaction. Not thread-safe: used by the
 * thread that holds the connection. Owns the connection: closing the cache closes it (which hands a
 * pooled connection back to its pool).
 */
final class StatementCache implements AutoCloseable {

    /** How a statement is prepared on the connection: as it is, or wrapped (a tenant's scope on PostgreSQL). */
    @FunctionalInterface
    interface Preparer {
        PreparedStatement prepare(Connection connection, String sql) throws SQLException;
    }

    private final Connection connection;
    private final Preparer preparer;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    StatementCache(Connection connection) {
        this(connection, Connection::prepareStatement);
    }

    StatementCache(Connection connection, Preparer preparer) {
        this.connection = connection;
        this.preparer = preparer;
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = preparer.prepare(connection, sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // A statement that fails to close holds no data; the connection's close frees it anyway.
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing is pending on a connection being closed: its commits happened before.
        }
    }
}
