package dev.weft.connector.sql;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.connector.Credential;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract against PostgreSQL on 127.0.0.1:5432. The local server trusts local connections,
 * so it never asks for the credential's password: the canary password is sent nowhere, and the contract
 * checks that it comes back from nowhere either (outputs, errors, the connection test).
 */
class PostgresConnectorContractIT extends ConnectorContract {
    private static final TestDatabase DB = TestDatabase.POSTGRES;
    private static final String PASSWORD = "canary-pg-password-5d1e9b47";
    private static final String TABLE = TestDatabase.freshName("weft_contract");

    @BeforeAll
    static void createTable() throws SQLException {
        DB.service.require();
        DB.sql("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO " + TABLE + " VALUES (1, 'taken')");
    }

    @AfterAll
    static void dropTable() throws SQLException {
        DB.sql("DROP TABLE IF EXISTS " + TABLE);
    }

    @Override
    protected Connector connector() {
        return new PostgresConnector();
    }

    @Override
    protected TestSystem system() {
        return DB.system(new Credential.Basic(DB.adminUser, PASSWORD));
    }

    @Override
    protected List<Call> succeedingCalls() {
        return ContractCalls.succeeding(DB.id(), TABLE);
    }

    @Override
    protected List<Call> failingCalls() {
        return ContractCalls.failing(DB.id(), TABLE);
    }
}
