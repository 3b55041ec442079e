package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testkit.services.RequiredService;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This machine's PostgreSQL ({@code crm}) and MariaDB ({@code erp}) as the sync tests of the command line use
 * them: admin connections for set-up and checks, and the two systems created on a server through its API,
 * with their credentials, as a person would. Stateless.
 */
final class SyncDatabases {
    static final RequiredService POSTGRES = RequiredService.of(
            "PostgreSQL at 127.0.0.1:5432/test (user postgres)",
            "start a PostgreSQL server that trusts local connections: createdb -h 127.0.0.1 -U postgres test",
            () -> postgres().close());
    static final RequiredService MARIADB = RequiredService.of("MariaDB at 127.0.0.1:3306/test (user root)",
            "start a MariaDB server whose root user has no password: mariadb -u root -e 'CREATE DATABASE test'",
            () -> mariadb().close());

    /** The MariaDB user the sync logs in as (created, with all rights on the database test). */
    static final String ERP_USER = "weft_sync";
    private static final String ERP_PASSWORD = "weft-sync-test-password";

    private SyncDatabases() {
    }

    /** A suffix that keeps one test's tables apart from another's. */
    static String suffix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    static Connection postgres() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        sql(c, "SET TIME ZONE 'UTC'");
        return c;
    }

    static Connection mariadb() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "");
        sql(c, "SET time_zone = '+00:00'");
        return c;
    }

    static void sql(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    /** Every row of a query, by its first column, each as the other columns' values joined by '|'. */
    static Map<String, String> rows(Connection c, String sql) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 2; i <= n; i++) {
                    row.append(i > 2 ? "|" : "").append(rs.getString(i));
                }
                assertThat(rows.put(rs.getString(1), row.toString())).as("row %s twice", rs.getString(1))
                        .isNull();
            }
        }
        return rows;
    }

    /**
     * Creates the systems {@code crm} (PostgreSQL) and {@code erp} (MariaDB) on a server, each with its own
     * credential. PostgreSQL trusts local connections here, so its password is sent and not checked.
     */
    static void createSystems(ServerProcess server) throws Exception {
        // A basic credential has a password; MariaDB's root here has none, so the sync logs in as its own user.
        try (Connection c = mariadb()) {
            sql(c, "CREATE USER IF NOT EXISTS '" + ERP_USER + "'@'%' IDENTIFIED BY '" + ERP_PASSWORD + "'",
                    "ALTER USER '" + ERP_USER + "'@'%' IDENTIFIED BY '" + ERP_PASSWORD + "'",
                    "GRANT ALL PRIVILEGES ON test.* TO '" + ERP_USER + "'@'%'");
        }
        put(server, "/api/v1/credentials/crm-login",
                "{\"type\": \"basic\", \"username\": \"postgres\", \"password\": \"trusted-anyway\"}");
        put(server, "/api/v1/credentials/erp-login", "{\"type\": \"basic\", \"username\": \"" + ERP_USER
                + "\", \"password\": \"" + ERP_PASSWORD + "\"}");
        put(server, "/api/v1/systems/crm",
                "{\"connector\": \"postgres\", \"config\": {\"host\": \"127.0.0.1\","
                        + " \"port\": 5432, \"database\": \"test\"}, \"credential\": \"crm-login\"}");
        put(server, "/api/v1/systems/erp",
                "{\"connector\": \"mariadb\", \"config\": {\"host\": \"127.0.0.1\","
                        + " \"port\": 3306, \"database\": \"test\"}, \"credential\": \"erp-login\"}");
    }

    static void put(ServerProcess server, String path, String json) throws Exception {
        HttpResponse<String> r = server.call("PUT", path, json, "application/json");
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
    }
}
