package dev.weft.store.jdbc;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.store.ExecutionStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The execution store contract on PostgreSQL as an application role under row-level security: claims, group
 * commits and every read name the right tenants.
 */
class PostgresRowLevelSecurityExecutionsIT extends ExecutionStoreContract {

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected ExecutionStore openStore() {
        return PostgresExecutionStore.open(SCHEMAS.appSettings("store"));
    }

    @Override
    protected ExecutionStore reopenStore() {
        return PostgresExecutionStore.open(SCHEMAS.appSettings("store"));
    }
}
