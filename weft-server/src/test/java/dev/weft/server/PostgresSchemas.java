package dev.weft.server;

import dev.weft.testkit.services.RequiredService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Schemas of their own in the test database for the servers a test starts on PostgreSQL, dropped after
 * each test (stop the servers in an {@code @AfterEach} method, which runs before this). Register on a
 * static field with {@code @RegisterExtension}; it also requires PostgreSQL to be running.
 */
final class PostgresSchemas implements BeforeAllCallback, AfterEachCallback {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final RequiredService POSTGRES = RequiredService.of("PostgreSQL at 127.0.0.1:5432",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
            () -> {
                try (Connection c = DriverManager.getConnection(URL, "postgres", null)) {
                    if (!c.isValid(2)) {
                        throw new IllegalStateException("the connection is not valid");
                    }
                }
            });

    private final String prefix;
    private final List<String> created = new ArrayList<>();

    PostgresSchemas(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        POSTGRES.require();
    }

    /** A new empty schema, dropped after the test. */
    synchronized String create() {
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
        created.add(schema);
        return schema;
    }

    /** The JDBC URL a server uses to keep its store in {@code schema}. */
    static String url(String schema) {
        return URL + "?currentSchema=" + schema + "&user=postgres";
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        created.forEach(s -> sql("DROP SCHEMA IF EXISTS " + s + " CASCADE"));
        created.clear();
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
