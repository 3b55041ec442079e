package dev.weft.store.jdbc;

import dev.weft.engine.store.Storage;
import java.nio.file.Path;

/** Opens the storage that a configured location names. Stateless. */
public final class Storages {

    private Storages() {
    }

    /**
     * PostgreSQL when {@code location} is a {@code jdbc:postgresql:} URL, else SQLite in {@code location}
     * taken as a data directory. {@code user} and {@code password} may be null, and are ignored by SQLite.
     */
    public static Storage open(String location, String user, String password) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("the storage location must be a data directory or a"
                    + " jdbc:postgresql: URL, but was empty");
        }
        if (location.startsWith("jdbc:postgresql:")) {
            return PostgresStorage.open(location, user, password);
        }
        if (location.startsWith("jdbc:")) {
            throw new IllegalArgumentException("only jdbc:postgresql: URLs are supported; for SQLite give a"
                    + " data directory, but was " + location.split("\\?", 2)[0]);
        }
        return SqliteStorage.open(Path.of(location));
    }

    public static Storage open(String location) {
        return open(location, null, null);
    }
}
