package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Optional<Credential> USER = Optional.of(new Credential.Basic("app", "s3cret-pass"));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theUrlIsBuiltFromTheConfigWithEachDatabasesDefaultsAndHoldsNoCredential() throws Exception {
        SqlConfig pg = SqlConfig.of(Dialect.POSTGRES,
                json("{\"host\": \"db.internal\", \"database\": \"sales\"}"),
                USER);
        SqlConfig maria = SqlConfig.of(Dialect.MARIADB, json("{\"host\": \"10.0.0.5\", \"database\": \"crm\","
                + " \"port\": 3307, \"maxPoolSize\": 2, \"connectionTimeout\": 500}"), USER);

        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/sales");
        assertThat(pg.maxPoolSize()).isEqualTo(5);
        assertThat(pg.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pg.ssl()).isEqualTo("prefer");
        assertThat(maria.jdbcUrl()).isEqualTo("jdbc:mariadb://10.0.0.5:3307/crm");
        assertThat(maria.ssl()).isEqualTo("disable");
        assertThat(maria.maxPoolSize()).isEqualTo(2);
        assertThat(pg.jdbcUrl() + pg.driverProperties() + pg).doesNotContain("s3cret-pass");
        assertThat(maria.driverProperties()).containsEntry("allowLocalInfile", "false");
    }

    @Test
    void postgresSslModesAndSchemaReachTheDriver() throws Exception {
        SqlConfig pg = SqlConfig.of(Dialect.POSTGRES, json("{\"host\": \"db\", \"database\": \"d\","
                + " \"schema\": \"sales\", \"ssl\": \"verify-full\"}"), USER);

        assertThat(pg.driverProperties()).containsEntry("sslmode", "verify-full")
                .containsEntry("currentSchema", "sales").containsEntry("stringtype", "unspecified");
    }

    @Test
    void aHostOrDatabaseThatCouldRewriteTheUrlIsRefusedNamingTheField() {
        for (String host : new String[]{"db/evil?user=x", "a@b", "db:5432", "-db", ""}) {
            assertThatThrownBy(() -> SqlConfig.of(Dialect.POSTGRES,
                    JSON.createObjectNode().put("host", host).put("database", "d"), USER))
                    .as(host).isInstanceOf(ConnectorException.class).hasMessageContaining("'host'");
        }
        assertThatThrownBy(() -> SqlConfig.of(Dialect.POSTGRES, json("{\"host\": \"db\", \"database\":"
                + " \"d?password=x\"}"), USER)).hasMessageContaining("'database'");
        assertThatThrownBy(() -> SqlConfig.of(Dialect.MARIADB, json("{\"host\": \"db\", \"database\": \"d\","
                + " \"schema\": \"s\"}"), USER)).hasMessageContaining("'schema'")
                .hasMessageContaining("PostgreSQL only");
        assertThatThrownBy(() -> SqlConfig.of(Dialect.MARIADB, json("{\"host\": \"db\", \"database\": \"d\","
                + " \"ssl\": \"prefer\"}"), USER)).hasMessageContaining("'ssl'");
    }

    @Test
    void aSystemWithoutABasicCredentialIsRefused() throws Exception {
        JsonNode config = json("{\"host\": \"db\", \"database\": \"d\"}");

        assertThatThrownBy(() -> SqlConfig.of(Dialect.POSTGRES, config, Optional.empty()))
                .hasMessageContaining("basic").extracting(e -> ((ConnectorException) e).code())
                .isEqualTo("postgres.credential");
        assertThatThrownBy(() -> SqlConfig.of(Dialect.POSTGRES, config,
                Optional.of(new Credential.Secret("a-password")))).hasMessageContaining("secret")
                .hasMessageNotContaining("a-password");
    }

    @Test
    void aStepWithoutASystemIsToldToNameOne() {
        assertThatThrownBy(() -> SqlConfig.of(Dialect.MARIADB, JSON.createObjectNode(), Optional.empty()))
                .hasMessageContaining("needs a system").extracting(e -> ((ConnectorException) e).code())
                .isEqualTo("mariadb.config");
    }

    @Test
    void ipv6AddressesAreTakenInBrackets() throws Exception {
        SqlConfig pg = SqlConfig.of(Dialect.POSTGRES, json("{\"host\": \"[::1]\", \"database\": \"d\"}"),
                USER);

        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/d");
    }
}
