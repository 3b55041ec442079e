package dev.weft.server;

import dev.weft.server.config.ServerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StatsApiContract} on PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresStatsApiIT extends StatsApiContract {
    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas("stats");

    @Override
    ServerSettings settings(Path dataDir) {
        return ServerSettings.defaults().withDataDir(dataDir)
                .withDbUrl(PostgresSchemas.url(SCHEMAS.create()));
    }

    @AfterEach
    void stopBeforeTheSchemaGoes() {
        stop();
        server = null;
        target = null;
    }
}
