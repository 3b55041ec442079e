package dev.weft.store.jdbc;

import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.WebhookStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook store contract on PostgreSQL. */
class PostgresWebhookStoreIT extends WebhookStoreContract {

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(SCHEMAS.settings("webhooks"));
    }
}
