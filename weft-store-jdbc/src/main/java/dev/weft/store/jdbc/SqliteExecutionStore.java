package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * The embedded {@link ExecutionStore}: one SQLite file in WAL mode whose every commit is fsync'd.
 * Several processes (the server and {@code weft signal}) may open the same file at once. Thread-safe.
 */
public final class SqliteExecutionStore extends JdbcExecutionStore {

    private final SqliteDatabase db;

    SqliteExecutionStore(SqliteDatabase db) {
        super(db);
        this.db = db;
    }

    /**
     * Opens the store in {@code dataDir/weft.db}, creating the directory and the database if needed and
     * migrating the schema to the latest version.
     */
    public static SqliteExecutionStore open(Path dataDir) {
        return new SqliteExecutionStore(SqliteDatabase.open(dataDir));
    }

    /** The value of a pragma as the writer connection sees it (tests check the durability settings). */
    String writerPragma(String name) {
        return db.onWriter(statements -> {
            try (ResultSet rs = statements.prepare("PRAGMA " + name).executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    /** How SQLite would run the listing of {@code query}: one line per step of its plan (for tests). */
    List<String> listingPlan(ExecutionQuery query) {
        Listing listing = listing(query, db.dialect());
        return db.read(statements -> {
            PreparedStatement explain = statements.prepare("EXPLAIN QUERY PLAN " + listing.sql());
            Queries.bind(explain, listing.args());
            return Queries.all(explain, rs -> rs.getString("detail"));
        });
    }
}
