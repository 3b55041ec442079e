package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.AgentContract;
import java.nio.file.Path;

/** The engine contract {@link AgentContract} on the embedded SQLite store. */
class SqliteAgentTest extends AgentContract {
    @Override
    protected ExecutionStore openStore(Path dir) {
        return SqliteExecutionStore.open(dir);
    }
}
