package dev.weft.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The raw ceiling the engine works against: how many single-row transactions per second SQLite commits
 * on this disk with the store's durability settings (WAL, synchronous=FULL), one fsync each, and how
 * many rows per second when rows are batched 100 to a transaction (what group commit does).
 */
public final class SqliteCommitCeiling {
    record Result(double singleRowCommitsPerSecond, double batchedRowsPerSecond) {
    }

    public static Result run(Path dir, double seconds) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("ceiling.db");
        Files.deleteIfExists(db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, tenant_id TEXT, body TEXT)");
            }
            String body = "{\"status\":\"SUCCEEDED\",\"output\":{\"result\":41}}";
            try (PreparedStatement insert = c
                    .prepareStatement("INSERT INTO t (tenant_id, body) VALUES (?, ?)")) {
                long end = System.nanoTime() + (long) (seconds * 1e9);
                long n = 0;
                long start = System.nanoTime();
                while (System.nanoTime() < end) {
                    insert.setString(1, "default");
                    insert.setString(2, body);
                    insert.executeUpdate(); // autocommit: one transaction, one fsync
                    n++;
                }
                double single = n / ((System.nanoTime() - start) / 1e9);

                c.setAutoCommit(false);
                end = System.nanoTime() + (long) (seconds * 1e9);
                n = 0;
                start = System.nanoTime();
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 100; i++) {
                        insert.setString(1, "default");
                        insert.setString(2, body);
                        insert.executeUpdate();
                    }
                    c.commit();
                    n += 100;
                }
                double batched = n / ((System.nanoTime() - start) / 1e9);
                return new Result(single, batched);
            }
        }
    }
}
