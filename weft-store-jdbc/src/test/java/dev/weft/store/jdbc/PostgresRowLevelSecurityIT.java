package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.StorageContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract on PostgreSQL as an application role under row-level security, on tables another
 * role owns: every store operation names its tenant (or all of them) correctly, and a connection that names
 * none sees nothing.
 */
class PostgresRowLevelSecurityIT extends StorageContract {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(SCHEMAS.appSettings("rls"));
    }

    @Override
    protected Storage reopenStorage() {
        return PostgresStorage.open(SCHEMAS.appSettings("rls"));
    }

    /** A connection of the application's role to the test's schema, as any code in the process could open. */
    private Connection appConnection() throws SQLException {
        Connection c = DriverManager.getConnection(PostgresSchemas.URL, PostgresSchemas.APP_ROLE, null);
        c.setSchema(SCHEMAS.appSettings("rls").schema());
        return c;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void twoTenantsRows() {
        storage().systems().putSystem("acme", "crm", "http", JsonNodeFactory.instance.objectNode(), null,
                JsonNodeFactory.instance.objectNode(), T0);
        storage().systems().putSystem("globex", "erp", "http", JsonNodeFactory.instance.objectNode(), null,
                JsonNodeFactory.instance.objectNode(), T0);
        storage().audit().append(new AuditEntry("acme", T0, "api-key:k1", "putSystem", "/api/v1/systems/crm",
                AuditEntry.SUCCESS, 0, null, null, null, null));
    }

    @Test
    void aQueryWithoutATenantSeesNoRowAndATenantOnlyItsOwn() throws SQLException {
        twoTenantsRows();
        try (Connection c = appConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM systems")).isZero();
            assertThat(count(s, "SELECT count(*) FROM audit_log")).isZero();
            assertThat(s.executeUpdate("UPDATE systems SET connector = 'x'")).isZero();

            c.setAutoCommit(false);
            s.execute("SET LOCAL weft.tenant = 'acme'");
            assertThat(count(s, "SELECT count(*) FROM systems")).isOne();
            assertThat(count(s, "SELECT count(*) FROM systems WHERE tenant_id = 'globex'")).isZero();
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO systems (tenant_id, id, connector, config,"
                    + " policy, version, created_at, updated_at) VALUES ('globex', 'x', 'http', '{}', '{}', 1, 0, 0)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            c.rollback();
        }
    }

    private static long count(java.sql.PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theStoreSaysItsTenantInEachTransactionAndLeavesNoneOnThePooledSession() {
        twoTenantsRows();
        Database db = ((JdbcStorage) storage()).database();
        for (int round = 0; round < 3; round++) { // the pool hands out connections that did work before
            db.read("acme", s -> {
                java.sql.PreparedStatement systems = s.prepare("SELECT count(*) FROM systems");
                assertThat(count(systems)).isOne();
                assertThat((Object) systems.getWarnings()).as("no notice (SET LOCAL outside BEGIN warns)")
                        .isNull();
                try (Statement bare = s.connection().createStatement()) { // SQL that escaped the store
                    assertThat(count(bare, "SELECT count(*) FROM systems")).isZero();
                    try (ResultSet rs = bare.executeQuery("SELECT current_setting('weft.tenant', true)")) {
                        rs.next();
                        assertThat(rs.getString(1)).isNullOrEmpty();
                    }
                }
                return null;
            });
            db.write("globex", s -> {
                java.sql.PreparedStatement update = s
                        .prepare("UPDATE systems SET connector = 'http' WHERE id = ?");
                update.setString(1, "crm"); // acme's: not this transaction's tenant
                assertThat(update.executeUpdate()).isZero();
                update.setString(1, "erp");
                assertThat(update.executeUpdate()).isOne();
                try (Statement bare = s.connection().createStatement()) { // SET LOCAL holds to the commit
                    assertThat(count(bare, "SELECT count(*) FROM systems")).isOne();
                }
                return null;
            });
            // A transaction that begins with a batch says its tenant before it.
            int[] counts = db.write(Database.ALL_TENANTS, s -> {
                java.sql.PreparedStatement touch = s
                        .prepare("UPDATE systems SET version = version WHERE id = ?");
                touch.setString(1, "crm");
                touch.addBatch();
                touch.setString(1, "erp");
                touch.addBatch();
                return touch.executeBatch();
            });
            assertThat(counts).containsExactly(1, 1);
        }
    }

    @Test
    void theApplicationCannotChangeOrDeleteAnAuditEntry() throws SQLException {
        twoTenantsRows();
        try (Connection c = appConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL weft.tenant = '*'");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'someone'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            c.rollback();
            s.execute("SET LOCAL weft.tenant = '*'");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            c.rollback();
            s.execute("SET LOCAL weft.tenant = '*'");
            assertThatThrownBy(() -> s.execute("ALTER TABLE systems DISABLE ROW LEVEL SECURITY"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("owner");
            c.rollback();
        }
    }
}
