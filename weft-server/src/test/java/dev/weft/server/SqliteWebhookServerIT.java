package dev.weft.server;

import dev.weft.server.config.ServerSettings;
import java.nio.file.Path;

/** {@link WebhookServerContract} on the embedded SQLite store. */
class SqliteWebhookServerIT extends WebhookServerContract {
    @Override
    ServerSettings settings(Path dataDir) {
        return withSmallBodies(ServerSettings.defaults().withDataDir(dataDir));
    }

    static ServerSettings withSmallBodies(ServerSettings s) {
        return new ServerSettings(s.host(), s.port(), 64 * 1024, s.shutdownGrace(), s.dataDir(), s.dbUrl(),
                s.dbUser(), s.dbPassword(), s.dbOwner(), s.dbOwnerPassword(), s.dbPoolSize(),
                s.masterKeyFile(), s.syncWebhookTimeout(),
                s.logFormat(),
                s.engine(), s.egressAllow(), s.blobsMaxSize(), s.eventRetention(), s.auth(), s.front(),
                s.auditSyslog(), s.webhooks(), s.sync());
    }
}
