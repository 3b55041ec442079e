package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.EventFeedContract;
import java.nio.file.Path;

/** The engine contract {@link EventFeedContract} on the embedded SQLite store. */
class SqliteEventFeedTest extends EventFeedContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
