package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.EngineContract;
import java.nio.file.Path;

/** The engine's behaviour, every step type, on the embedded SQLite store. */
class SqliteEngineTest extends EngineContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
