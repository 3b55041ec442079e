package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.TimeAndSignalContract;
import java.nio.file.Path;

/** The engine contract {@link TimeAndSignalContract} on the embedded SQLite store. */
class SqliteTimeAndSignalTest extends TimeAndSignalContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
