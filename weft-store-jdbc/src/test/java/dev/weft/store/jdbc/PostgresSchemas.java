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

    /** The role the application works as under row-level security, and the role that owns the tables. */
    static final String APP_ROLE = "weft_rls_app";
    static final String OWNER_ROLE = "weft_rls_owner";

    /**
     * As {@link #settings}, working as {@link #APP_ROLE} (no superuser, so row-level security applies to
     * it) on tables that {@link #OWNER_ROLE} owns and migrates. Creates both roles on first use.
     */
    PostgresSettings appSettings(String key) {
        try (Connection connection = DriverManager.getConnection(URL, USER, null);
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN"
                    + " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + OWNER_ROLE + "') THEN"
                    + " CREATE ROLE " + OWNER_ROLE + " LOGIN; END IF;"
                    + " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + APP_ROLE + "') THEN"
                    + " CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOBYPASSRLS; END IF;"
                    + " END $$");
            statement.execute("GRANT CREATE ON DATABASE test TO " + OWNER_ROLE);
        } catch (SQLException e) {
            // Two test classes creating the roles at once: one wins, the other finds them made.
            if (!"23505".equals(e.getSQLState()) && !"42710".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create the test roles: " + e.getMessage(), e);
            }
        }
        return settings(key).withCredentials(APP_ROLE, null).withOwner(OWNER_ROLE, null);
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
