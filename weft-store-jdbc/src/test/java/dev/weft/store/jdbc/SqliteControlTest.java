package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.ControlContract;
import java.nio.file.Path;

/** The engine contract {@link ControlContract} on the embedded SQLite store. */
class SqliteControlTest extends ControlContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
