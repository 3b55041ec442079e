package dev.weft.store.jdbc;

import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.SyncStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sync store contract on PostgreSQL. */
class PostgresSyncStoreIT extends SyncStoreContract {

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(SCHEMAS.settings("sync"));
    }
}
