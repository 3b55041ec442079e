package dev.weft.store.jdbc;

import java.nio.file.Path;

/**
 * Everything Weft persists in one embedded SQLite file, {@code dataDir/weft.db}, in WAL mode with every
 * commit fsync'd; the default for one node. Thread-safe.
 */
public final class SqliteStorage extends JdbcStorage {

    private SqliteStorage(SqliteDatabase db) {
        super(db, new SqliteExecutionStore(db));
    }

    /**
     * Opens {@code dataDir/weft.db}, creating the directory and the database if needed and migrating the
     * schema to the latest version.
     */
    public static SqliteStorage open(Path dataDir) {
        return new SqliteStorage(SqliteDatabase.open(dataDir));
    }
}
