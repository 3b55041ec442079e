package dev.weft.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Migration V34 on PostgreSQL fills the trigger's kind and key of the executions written before it. */
class PostgresTriggerBackfillIT {
    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Test
    void executionsWrittenBeforeAreFoundByTheirTriggersKindAndKey() throws Exception {
        PostgresSettings settings = SCHEMAS.settings("backfill");
        Flyway.configure().dataSource(settings.jdbcUrl(), settings.user(), null)
                .initSql("SELECT set_config('weft.tenant', '*', false)")
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .schemas(settings.schema()).target(TriggerBackfill.POSTGRES_BEFORE).load().migrate();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), null)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + settings.schema());
            }
            TriggerBackfill.insertRowsOfBefore(c);
        }

        try (PostgresExecutionStore store = PostgresExecutionStore.open(settings)) {
            TriggerBackfill.assertFilled(store);
        }
    }
}
