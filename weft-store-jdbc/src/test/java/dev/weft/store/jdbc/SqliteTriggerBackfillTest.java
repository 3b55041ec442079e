package dev.weft.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration V34 on SQLite fills the trigger's kind and key of the executions written before it. */
class SqliteTriggerBackfillTest {
    @TempDir
    Path dataDir;

    @Test
    void executionsWrittenBeforeAreFoundByTheirTriggersKindAndKey() throws Exception {
        String url = "jdbc:sqlite:" + dataDir.resolve("weft.db");
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .target(TriggerBackfill.SQLITE_BEFORE).load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            TriggerBackfill.insertRowsOfBefore(c);
        }

        try (SqliteExecutionStore store = SqliteExecutionStore.open(dataDir)) {
            TriggerBackfill.assertFilled(store);
        }
    }
}
