package dev.weft.store.jdbc;

/**
 * Everything Weft persists in one PostgreSQL database, which several nodes may share. Thread-safe.
 */
public final class PostgresStorage extends JdbcStorage {

    private PostgresStorage(PostgresDatabase db) {
        super(db, new PostgresExecutionStore(db));
    }

    /**
     * Connects with a pool of {@link PostgresSettings#poolSize()} connections and migrates the schema to
     * the latest version (nodes starting at once take turns).
     */
    public static PostgresStorage open(PostgresSettings settings) {
        return new PostgresStorage(PostgresDatabase.open(settings));
    }

    /** Connects to {@code jdbcUrl} as its parameters say ({@code ?user=...&password=...}). */
    public static PostgresStorage open(String jdbcUrl) {
        return open(PostgresSettings.of(jdbcUrl));
    }

    public static PostgresStorage open(String jdbcUrl, String user, String password) {
        return open(PostgresSettings.of(jdbcUrl).withCredentials(user, password));
    }
}
