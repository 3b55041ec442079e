package dev.weft.bench;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.store.jdbc.PostgresExecutionStore;
import dev.weft.store.jdbc.PostgresSettings;
import dev.weft.store.jdbc.SqliteExecutionStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh store for each benchmark run: a SQLite file in a directory of its own, or a PostgreSQL schema of
 * its own (dropped after the run) when a database URL is given. Not thread-safe.
 */
final class BenchStores {

    private final Path root;
    private final String dbUrl;
    private final String prefix = "weft_bench_" + Long.toHexString(System.nanoTime());

    /** @param dbUrl a {@code jdbc:postgresql:} URL, or null for SQLite under {@code root} */
    BenchStores(Path root, String dbUrl) {
        this.root = root;
        this.dbUrl = dbUrl;
    }

    String describe() {
        return dbUrl == null
                ? "SQLite in " + root
                : "PostgreSQL, " + PostgresSettings.of(dbUrl).withSchema(prefix + "_run").toString();
    }

    boolean sqlite() {
        return dbUrl == null;
    }

    ExecutionStore open(String run) {
        return dbUrl == null
                ? SqliteExecutionStore.open(root.resolve(run))
                : PostgresExecutionStore.open(PostgresSettings.of(dbUrl).withSchema(schema(run)));
    }

    /** Drops what {@link #open} made for the run, on PostgreSQL (a SQLite file stays in the temp dir). */
    void drop(String run) throws SQLException {
        if (dbUrl == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(dbUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema(run) + " CASCADE");
        }
    }

    private String schema(String run) {
        return prefix + "_" + run.replace('-', '_');
    }
}
