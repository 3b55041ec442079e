package dev.weft.store.jdbc;

import dev.weft.testkit.services.RequiredService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test its own schemas in the test database, so that runs (and builds running at once) never
 * see each other's rows, and drops them after the test, once its stores are closed ({@code @AfterEach}
 * methods run before this). Register on a static field with {@code @RegisterExtension}.
 */
final class PostgresSchemas implements BeforeAllCallback, AfterEachCallback {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    static final RequiredService POSTGRES = RequiredService.of(
            "PostgreSQL at " + URL + " (user " + USER + ")",
            "start a PostgreSQL server that trusts local connections and create the database: createdb -h"
                    + " 127.0.0.1 -U postgres test",
            () -> {
                try (Connection connection = DriverManager.getConnection(URL + "?connectTimeout=5", USER,
                        null);
                        Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
            });

    /** Small: a test opens one or two stores at a time, and many one after the other. */
    private static final int POOL_SIZE = 4;

    private final Map<String, String> schemas = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        POSTGRES.require();
    }

    /** Settings for the schema named {@code key} in the running test: the same key, the same schema. */
    PostgresSettings settings(String key) {
        String schema = schemas.computeIfAbsent(key,
                k -> "weft_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        return new PostgresSettings(URL, USER, null, POOL_SIZE, schema);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, null);
                Statement statement = connection.createStatement()) {
            for (String schema : schemas.values()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } finally {
            schemas.clear();
        }
    }
}
