package dev.weft.server;

import dev.weft.server.config.ServerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WebhookServerContract} on PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresWebhookServerIT extends WebhookServerContract {
    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas("srv");

    private String schema;

    @Override
    ServerSettings settings(Path dataDir) {
        if (schema == null) {
            schema = SCHEMAS.create();
        }
        return SqliteWebhookServerIT.withSmallBodies(ServerSettings.defaults().withDataDir(dataDir)
                .withDbUrl(PostgresSchemas.url(schema)));
    }

    @AfterEach
    void stopBeforeTheSchemaGoes() {
        stop();
        server = null;
        schema = null;
    }
}
