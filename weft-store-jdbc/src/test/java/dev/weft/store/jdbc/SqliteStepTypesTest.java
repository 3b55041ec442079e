package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.StepTypesContract;
import java.nio.file.Path;

/** The engine contract {@link StepTypesContract} on the embedded SQLite store. */
class SqliteStepTypesTest extends StepTypesContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
