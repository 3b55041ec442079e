package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SQLState classes the issue names, mapped; the live servers' own errors are in the ITs. */
class SqlErrorsTest {
    private static final String PASSWORD = "canary-pass-91c2";

    private static ConnectorException map(SQLException e) throws Exception {
        SqlConfig config = SqlConfig.of(Dialect.POSTGRES, new ObjectMapper().readTree(
                "{\"host\": \"db\", \"database\": \"d\"}"),
                Optional.of(new Credential.Basic("app", PASSWORD)));
        return SqlErrors.of(config, "execute", e, null, 1);
    }

    @Test
    void connectionFailuresDeadlocksAndSerializationFailuresAreRetryable() throws Exception {
        assertThat(map(new SQLException("Connection refused", "08001"))).satisfies(e -> {
            assertThat(e.code()).isEqualTo("postgres.unreachable");
            assertThat(e.retryable()).isTrue();
        });
        assertThat(map(new SQLException("deadlock detected", "40P01")).code()).isEqualTo("postgres.deadlock");
        assertThat(map(new SQLException("deadlock detected", "40P01")).retryable()).isTrue();
        assertThat(map(new SQLException("could not serialize access", "40001")).code())
                .isEqualTo("postgres.serialization");
        assertThat(map(new SQLException("could not serialize access", "40001")).retryable()).isTrue();
    }

    @Test
    void constraintAndSqlErrorsArePermanentAndKeepTheServersMessage() throws Exception {
        ConnectorException constraint = map(new SQLException("duplicate key value violates unique constraint",
                "23505"));
        ConnectorException sql = map(new SQLException("syntax error at or near \"SELEC\"", "42601"));

        assertThat(constraint.code()).isEqualTo("postgres.constraint");
        assertThat(constraint.retryable()).isFalse();
        assertThat(constraint.getMessage()).contains("statements[1]", "duplicate key value");
        assertThat(constraint.details().get("statement").intValue()).isEqualTo(1);
        assertThat(sql.code()).isEqualTo("postgres.sql");
        assertThat(sql.retryable()).isFalse();
        assertThat(sql.getMessage()).contains("syntax error at or near");
        assertThat(sql.details().get("sqlState").asText()).isEqualTo("42601");
    }

    @Test
    void theServersErrorIsFoundUnderABatchOrThePoolsTimeout() throws Exception {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT ... was aborted", "23505",
                new int[0]);
        batch.setNextException(new SQLException("duplicate key value", "23505"));
        SQLTransientConnectionException pool = new SQLTransientConnectionException(
                "weft-postgres-x - Connection is not available", "28P01",
                new SQLException("password authentication failed for user \"app\"", "28P01"));

        assertThat(map(batch).getMessage()).contains("duplicate key value").doesNotContain("Batch entry");
        assertThat(map(pool).code()).isEqualTo("postgres.auth");
        assertThat(map(pool).retryable()).isFalse();
        assertThat(map(pool).getMessage()).contains("password authentication failed", "credential");
    }

    @Test
    void aPasswordThatAppearedInAMessageAnywayIsMasked() throws Exception {
        ConnectorException e = map(new SQLException("odd driver echoing " + PASSWORD, "42000"));

        assertThat(e.getMessage()).doesNotContain(PASSWORD).contains("***");
    }
}
