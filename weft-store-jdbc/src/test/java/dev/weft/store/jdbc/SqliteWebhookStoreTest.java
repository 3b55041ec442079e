package dev.weft.store.jdbc;

import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.WebhookStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The webhook store contract on the embedded SQLite store. */
class SqliteWebhookStoreTest extends WebhookStoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(dataDir);
    }
}
