package dev.weft.store.jdbc;

import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.SyncStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The sync store contract on the embedded SQLite store. */
class SqliteSyncStoreTest extends SyncStoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(dataDir);
    }
}
