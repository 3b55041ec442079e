package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.engine.AgentControlContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine contract {@link AgentControlContract} on the PostgreSQL store. */
class PostgresAgentControlIT extends AgentControlContract {

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected ExecutionStore openStore(Path dir) {
        return PostgresExecutionStore.open(SCHEMAS.settings(dir.toString()));
    }
}
