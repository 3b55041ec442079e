package dev.weft.server;

import dev.weft.server.config.ServerSettings;
import java.nio.file.Path;

/** {@link StatsApiContract} on the embedded SQLite store. */
class SqliteStatsApiIT extends StatsApiContract {
    @Override
    ServerSettings settings(Path dataDir) {
        return ServerSettings.defaults().withDataDir(dataDir);
    }
}
