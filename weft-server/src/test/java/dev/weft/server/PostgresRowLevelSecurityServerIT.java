package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.config.ServerSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on PostgreSQL working as a role of its own under row-level security, on tables another role owns
 * and migrates: two tenants run flows side by side, and the database itself keeps their rows apart.
 */
class PostgresRowLevelSecurityServerIT {
    private static final String KEY = "test-admin-key-0123456789abcdef";
    private static final String APP = "weft_rls_app";
    private static final String OWNER = "weft_rls_owner";

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas("rls");

    @TempDir
    Path data;
    private WeftServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void asSuperuser(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchemas.URL, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            // Roles are shared by the test classes that use them: one creates them, the others find them.
            if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private String ownedSchema() throws Exception {
        asSuperuser("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + OWNER + "') THEN"
                + " CREATE ROLE " + OWNER
                + " LOGIN; END IF; IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                + APP + "') THEN CREATE ROLE " + APP + " LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$");
        String schema = SCHEMAS.create();
        asSuperuser("ALTER SCHEMA " + schema + " OWNER TO " + OWNER);
        return schema;
    }

    @Test
    void twoTenantsRunSideBySideAndTheDatabaseKeepsTheirRowsApart() throws Exception {
        String schema = ownedSchema();
        ServerSettings settings = ServerSettings.parse("test", """
                server: { port: 0 }
                store:
                  data: %s
                  url: %s?currentSchema=%s
                  user: %s
                  owner: %s
                """.formatted(data, PostgresSchemas.URL, schema, APP, OWNER), Map.of());
        server = WeftServer.start(settings, Map.of("WEFT_ADMIN_API_KEY", KEY), Clock.systemUTC());
        ServerCalls admin = new ServerCalls(server.port(), KEY);
        admin.call("POST", "/api/v1/tenants", "{\"id\": \"beta\"}", "application/json");
        ServerCalls beta = new ServerCalls(server.port(), ServerCalls.JSON.readTree(admin.call("POST",
                "/api/v1/tenants/beta/api-keys", "{\"name\": \"b\", \"role\": \"admin\"}", "application/json")
                .body()).get("key").asText());
        String flow = "id: f\nnamespace: ops\nsteps:\n  - {id: t, type: transform, output: \"{{ input.n * 2 }}\"}\n";
        admin.deploy("ops", "f", flow);
        beta.deploy("ops", "f", flow);

        HttpResponse<String> started = beta.call("POST", "/api/v1/flows/ops/f/executions", "{\"n\": 21}",
                "application/json");
        String id = ServerCalls.JSON.readTree(started.body()).get("id").asText();
        JsonNode ended = beta.awaitEnd(id, Duration.ofSeconds(20));

        assertThat(ended.get("output").asInt()).isEqualTo(42);
        assertThat(admin.call("GET", "/api/v1/executions/" + id, null, null).statusCode()).isEqualTo(404);
        assertThat(beta.get("/api/v1/audit").get("items")).extracting(e -> e.get("action").asText())
                .containsExactly("startExecution", "deployFlow", "createApiKey");
        try (Connection c = DriverManager.getConnection(PostgresSchemas.URL, APP, null);
                Statement s = c.createStatement()) {
            c.setSchema(schema);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM executions")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no tenant set: no row").isZero();
            }
            c.setAutoCommit(false);
            s.execute("SET LOCAL weft.tenant = 'default'");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM executions")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the default tenant ran nothing").isZero();
            }
            c.rollback();
        }
    }
}
