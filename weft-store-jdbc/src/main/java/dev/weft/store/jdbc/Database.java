package dev.weft.store.jdbc;

import java.sql.SQLException;

/**
 * One database that the stores of a {@link JdbcStorage} share: where their reads and write transactions
 * run, and the {@link Dialect} of its SQL. Implementations are thread-safe.
 */
interface Database extends AutoCloseable {

    /** Work done on a connection inside a transaction or a read. */
    @FunctionalInterface
    interface Work<T> {
        T run(StatementCache statements) throws SQLException;
    }

    /** The tenant of work that spans tenants (claims, group commits, retention, finding a key by its id). */
    String ALL_TENANTS = "*";

    /**
     * Runs {@code work} in one write transaction and commits, or rolls back if it throws. The work may be
     * run again in a new transaction after a deadlock, so it must do nothing outside the database.
     *
     * @param tenant the tenant whose rows the work reaches, or {@link #ALL_TENANTS}; on PostgreSQL the
     *     transaction sees and writes no other tenant's rows (row-level security), on SQLite it is not used
     */
    <T> T write(String tenant, Work<T> work);

    /** Runs {@code work} that spans tenants in one write transaction: {@link #write(String, Work)}. */
    default <T> T write(Work<T> work) {
        return write(ALL_TENANTS, work);
    }

    /**
     * Runs {@code work} that reads {@code tenant}'s rows (or {@link #ALL_TENANTS}); each statement sees the
     * latest committed state.
     */
    <T> T read(String tenant, Work<T> work);

    /** Runs {@code work} that reads across tenants: {@link #read(String, Work)}. */
    default <T> T read(Work<T> work) {
        return read(ALL_TENANTS, work);
    }

    /** Throws, saying why, while writes fail (a full disk); does nothing by default. */
    default void checkWritable() {
    }

    Dialect dialect();

    /** Where the database is, without credentials: {@code sqlite:/data/weft.db}. */
    String describe();

    @Override
    void close();
}
