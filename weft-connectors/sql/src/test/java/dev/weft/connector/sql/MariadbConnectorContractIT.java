package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector contract against MariaDB on 127.0.0.1:3306, as a user made for the run whose password is a
 * canary: the server checks it, and it must come back in no output, error or connection test. A second
 * system offers a wrong canary password, which the server refuses.
 */
class MariadbConnectorContractIT extends ConnectorContract {
    private static final TestDatabase DB = TestDatabase.MARIADB;
    private static final String PASSWORD = "canary-mariadb-password-8c3f1a27";
    private static final String WRONG_PASSWORD = "canary-wrong-password-4e6b0d93";
    private static final String TABLE = TestDatabase.freshName("weft_contract");
    private static final String USER = TestDatabase.freshName("weft_contract");

    @BeforeAll
    static void createUserAndTable() throws SQLException {
        DB.service.require();
        DB.sql("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL PRIVILEGES ON " + TestDatabase.DATABASE + ".* TO '" + USER + "'@'%'",
                "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO " + TABLE + " VALUES (1, 'taken')");
    }

    @AfterAll
    static void dropUserAndTable() throws SQLException {
        DB.sql("DROP TABLE IF EXISTS " + TABLE, "DROP USER IF EXISTS '" + USER + "'@'%'");
    }

    @Override
    protected Connector connector() {
        return new MariadbConnector();
    }

    @Override
    protected TestSystem system() {
        return DB.system(new Credential.Basic(USER, PASSWORD));
    }

    @Override
    protected List<Call> succeedingCalls() {
        return ContractCalls.succeeding(DB.id(), TABLE);
    }

    @Override
    protected List<Call> failingCalls() {
        return ContractCalls.failing(DB.id(), TABLE);
    }

    @Test
    void aRefusedPasswordAppearsNeitherInTheErrorNorInTheConnectionTest() throws Exception {
        try (SystemClient wrong = connector().open(DB.system(new Credential.Basic(USER, WRONG_PASSWORD)))) {
            ConnectionTest verdict = wrong.test();
            ConnectorException[] thrown = new ConnectorException[1];
            assertThatThrownBy(() -> wrong.invoke(new Call("mariadb.query",
                    JsonNodeFactory.instance.objectNode().put("sql", "SELECT 1"), "k", Duration.ofSeconds(10),
                    new Cancellation()))).isInstanceOf(ConnectorException.class)
                    .satisfies(e -> thrown[0] = (ConnectorException) e);

            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.message()).contains("authentication failed for user " + USER)
                    .doesNotContain(WRONG_PASSWORD, PASSWORD);
            assertThat(thrown[0].code()).isEqualTo("mariadb.auth");
            assertThat(thrown[0].retryable()).isFalse();
            assertThat(thrown[0].getMessage() + thrown[0].details()).doesNotContain(WRONG_PASSWORD, PASSWORD);
        }
    }
}
