package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;

/**
 * The {@link ExecutionStore} on PostgreSQL, for several nodes sharing one database: work is claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so that two nodes never claim the same execution. Thread-safe.
 */
public final class PostgresExecutionStore extends JdbcExecutionStore {
    private static final int MAX_CONCURRENT_APPLIES = 4;

    private final int concurrentApplies;

    PostgresExecutionStore(PostgresDatabase db) {
        super(db);
        this.concurrentApplies = concurrentApplies(db.poolSize());
    }

    /**
     * Group commits side by side: a third of the pool, at most 4, so that reads, claims and the API
     * keep connections of their own. Two or more let PostgreSQL flush several commits with one fsync.
     */
    static int concurrentApplies(int poolSize) {
        return Math.max(1, Math.min(MAX_CONCURRENT_APPLIES, poolSize / 3));
    }

    @Override
    public int concurrentApplies() {
        return concurrentApplies;
    }

    /**
     * Connects to the database of {@code settings} and migrates its schema to the latest version. Closing
     * the store closes its connection pool.
     */
    public static PostgresExecutionStore open(PostgresSettings settings) {
        return new PostgresExecutionStore(PostgresDatabase.open(settings));
    }
}
