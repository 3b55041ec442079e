package dev.weft.store.jdbc;

import java.nio.file.Path;

/**
 * Everything Weft persists in one embedded SQLite file, {@code dataDir/weft.db}, in WAL mode with every
 * commit fsync'd; the default for one node. Thread-safe.
 */
public final class SqliteStorage extends JdbcStorage {

    private final SqliteDatabase db;

    private SqliteStorage(SqliteDatabase db) {
        super(db, new SqliteExecutionStore(db));
        this.db = db;
    }

    /**
     * For failure tests: limits the database file to {@code pages} pages, past which every write fails with
     * SQLITE_FULL as on a full disk (it cannot go below the current size; {@code PRAGMA page_count}); 0
     * lifts the limit, as when space comes back.
     */
    public void limitPages(long pages) {
        db.maxPageCount(pages);
    }

    /** The file's size in pages now (for {@link #limitPages}). */
    public long pageCount() {
        return db.onWriter(statements -> {
            try (java.sql.ResultSet rs = statements.prepare("PRAGMA page_count").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Whether {@code dataDir} holds a store ({@code weft.db}), without creating anything. */
    public static boolean exists(Path dataDir) {
        return java.nio.file.Files.isRegularFile(dataDir.resolve(SqliteDatabase.FILE_NAME));
    }

    /**
     * Opens {@code dataDir/weft.db}, creating the directory and the database if needed and migrating the
     * schema to the latest version.
     */
    public static SqliteStorage open(Path dataDir) {
        return new SqliteStorage(SqliteDatabase.open(dataDir));
    }
}
