package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {

    @TempDir
    Path dataDir;

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(dataDir);
    }

    @Override
    protected Storage reopenStorage() {
        return SqliteStorage.open(dataDir);
    }

    @Test
    void describesTheDatabaseFile() {
        assertThat(storage().describe()).isEqualTo("sqlite:" + dataDir.resolve("weft.db").toAbsolutePath());
    }

    @Test
    void theExecutionStoreOfTheStorageAndAStandaloneOneShareTheFile() {
        storage().executions().deployFlow("acme", "acme.orders", "ship", "steps: []",
                java.time.Instant.EPOCH);

        try (SqliteExecutionStore standalone = SqliteExecutionStore.open(dataDir)) {
            assertThat(standalone.latestFlowVersion("acme", "acme.orders", "ship")).isPresent();
        }
    }
}
