package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.AgentControlContract;
import java.nio.file.Path;

/** The engine contract {@link AgentControlContract} on the embedded SQLite store. */
class SqliteAgentControlTest extends AgentControlContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
