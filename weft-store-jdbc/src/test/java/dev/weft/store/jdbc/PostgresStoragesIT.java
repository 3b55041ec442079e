package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.Storage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresStoragesIT {

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Test
    void aPostgresqlUrlOpensPostgresql() throws SQLException {
        String schema = SCHEMAS.settings("storages").schema();
        // Made first: Flyway migrates the URL's current schema only when it exists.
        try (Connection connection = DriverManager.getConnection(PostgresSchemas.URL, PostgresSchemas.USER,
                null);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        try (Storage storage = Storages.open(PostgresSchemas.URL + "?currentSchema=" + schema, "postgres",
                null)) {
            storage.ping();
            assertThat(storage).isInstanceOf(PostgresStorage.class);
            assertThat(storage.describe()).isEqualTo("postgresql://127.0.0.1:5432/test");
        }
    }
}
