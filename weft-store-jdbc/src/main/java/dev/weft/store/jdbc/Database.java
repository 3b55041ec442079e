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

    /**
     * Runs {@code work} in one write transaction and commits, or rolls back if it throws. The work may be
     * run again in a new transaction after a deadlock, so it must do nothing outside the database.
     */
    <T> T write(Work<T> work);

    /** Runs {@code work} outside a transaction; each statement sees the latest committed state. */
    <T> T read(Work<T> work);

    /** Throws, saying why, while writes fail (a full disk); does nothing by default. */
    default void checkWritable() {
    }

    Dialect dialect();

    /** Where the database is, without credentials: {@code sqlite:/data/weft.db}. */
    String describe();

    @Override
    void close();
}
