package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.FailureContract;
import java.nio.file.Path;

/** The engine contract {@link FailureContract} on the embedded SQLite store. */
class SqliteFailureTest extends FailureContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
