package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.RecoveryContract;
import java.nio.file.Path;

/** The engine contract {@link RecoveryContract} on the embedded SQLite store. */
class SqliteRecoveryTest extends RecoveryContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
