package dev.weft.outbound;

import dev.weft.engine.store.Storage;
import dev.weft.store.jdbc.PostgresSettings;
import dev.weft.store.jdbc.PostgresStorage;
import dev.weft.testkit.services.RequiredService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link WebhookDeliveryIT} on PostgreSQL (claims with {@code FOR UPDATE SKIP LOCKED}, row-level security
 * on), in a schema of its own that is dropped afterwards.
 */
class PostgresWebhookDeliveryIT extends WebhookDeliveryIT {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    static final RequiredService POSTGRES = RequiredService.of(
            "PostgreSQL at " + URL + " (user " + USER + ")",
            "start a PostgreSQL server that trusts local connections and create the database: createdb -h"
                    + " 127.0.0.1 -U postgres test",
            () -> {
                try (Connection c = DriverManager.getConnection(URL + "?connectTimeout=5", USER, null);
                        Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            });

    private String schema;

    @BeforeAll
    static void requirePostgres() {
        POSTGRES.require();
    }

    @Override
    Storage openStorage() {
        schema = "weft_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return PostgresStorage.open(new PostgresSettings(URL, USER, null, 4, schema));
    }

    @AfterEach
    void dropSchema() throws Exception {
        stopAll(); // before the schema goes; the fixture's own @AfterEach then finds everything closed
        try (Connection c = DriverManager.getConnection(URL, USER, null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
