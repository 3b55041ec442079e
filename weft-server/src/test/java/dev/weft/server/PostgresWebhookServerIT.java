package dev.weft.server;

import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.services.RequiredService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WebhookServerContract} on PostgreSQL, in a schema of its own that is dropped afterwards. */
class PostgresWebhookServerIT extends WebhookServerContract {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @RegisterExtension
    static final RequiredService POSTGRES = RequiredService.of("PostgreSQL at 127.0.0.1:5432",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
            () -> {
                try (Connection c = DriverManager.getConnection(URL, "postgres", null)) {
                    if (!c.isValid(2)) {
                        throw new IllegalStateException("the connection is not valid");
                    }
                }
            });

    private String schema;

    @Override
    ServerSettings settings(Path dataDir) {
        if (schema == null) {
            schema = "srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            sql("CREATE SCHEMA " + schema);
        }
        return SqliteWebhookServerIT.withSmallBodies(ServerSettings.defaults().withDataDir(dataDir)
                .withDbUrl(URL + "?currentSchema=" + schema + "&user=postgres"));
    }

    @AfterEach
    void dropSchema() {
        stop(); // before the schema goes
        server = null;
        if (schema != null) {
            sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void sql(String statement) {
        try (Connection c = DriverManager.getConnection(URL, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }
}
