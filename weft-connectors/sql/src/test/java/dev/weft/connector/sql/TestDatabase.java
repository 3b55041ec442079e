package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Connector;
import dev.weft.connector.Credential;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two database servers of this machine the ITs run against, each with an admin connection for set-up
 * (tables created and dropped by the tests, named afresh per run so that runs at once never meet).
 */
enum TestDatabase {
    POSTGRES(new PostgresConnector(), 5432, "postgres",
            "start a PostgreSQL server that trusts local connections and create the database: createdb -h"
                    + " 127.0.0.1 -U postgres test"), MARIADB(new MariadbConnector(), 3306, "root",
                            "start a MariaDB server whose root user has no password and create the database: mariadb -h"
                                    + " 127.0.0.1 -u root -e 'CREATE DATABASE test'");

    static final String HOST = "127.0.0.1";
    static final String DATABASE = "test";

    final Connector connector;
    final int port;
    final String adminUser;
    final RequiredService service;

    TestDatabase(Connector connector, int port, String adminUser, String howToStart) {
        this.connector = connector;
        this.port = port;
        this.adminUser = adminUser;
        this.service = RequiredService
                .of(connector.spec().title() + " at " + HOST + ":" + port + "/" + DATABASE
                        + " (user " + adminUser + ")", howToStart, () -> {
                            try (Connection c = admin(); Statement s = c.createStatement()) {
                                s.execute("SELECT 1");
                            }
                        });
    }

    String id() {
        return connector.spec().id();
    }

    /** A connection as the admin user, its session in UTC like the connector's. */
    Connection admin() throws SQLException {
        String url = "jdbc:" + (this == POSTGRES ? "postgresql" : "mariadb") + "://" + HOST + ":" + port + "/"
                + DATABASE;
        Connection connection = DriverManager.getConnection(url, adminUser, "");
        try (Statement s = connection.createStatement()) {
            s.execute(this == POSTGRES ? "SET TIME ZONE 'UTC'" : "SET time_zone = '+00:00'");
        }
        return connection;
    }

    /** Runs statements as the admin user. */
    void sql(String... statements) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The local server's config with a short connection timeout (a refused credential waits for it). */
    ObjectNode config() {
        return JsonNodeFactory.instance.objectNode().put("host", HOST).put("port", port)
                .put("database", DATABASE)
                .put("connectionTimeout", 2000).put("maxPoolSize", 3);
    }

    TestSystem system(Credential credential) {
        return TestSystem.named("it-" + id()).withConfig(config()).withCredential(credential);
    }

    /** The admin user with its real (empty) password. */
    TestSystem system() {
        return system(new Credential.Basic(adminUser, ""));
    }

    static String freshName(String prefix) {
        return prefix + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
