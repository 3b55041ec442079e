package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;

/**
 * The {@link ExecutionStore} on PostgreSQL, for several nodes sharing one database: work is claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so that two nodes never claim the same execution. Thread-safe.
 */
public final class PostgresExecutionStore extends JdbcExecutionStore {

    PostgresExecutionStore(PostgresDatabase db) {
        super(db);
    }

    /**
     * Connects to the database of {@code settings} and migrates its schema to the latest version. Closing
     * the store closes its connection pool.
     */
    public static PostgresExecutionStore open(PostgresSettings settings) {
        return new PostgresExecutionStore(PostgresDatabase.open(settings));
    }
}
