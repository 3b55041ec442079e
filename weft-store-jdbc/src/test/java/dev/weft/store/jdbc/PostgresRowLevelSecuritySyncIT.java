package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.Storage;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.engine.store.sync.SyncStore;
import dev.weft.testkit.store.SyncStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sync store contract on PostgreSQL as an application role under row-level security (V30): every
 * operation names its tenant, or all of them, correctly; and a connection that names none sees no sync row.
 */
class PostgresRowLevelSecuritySyncIT extends SyncStoreContract {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");
    private static final List<String> TABLES = List.of("sync_jobs", "sync_links", "sync_cursors", "sync_runs",
            "sync_failures", "sync_conflicts");

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(SCHEMAS.appSettings("rls-sync"));
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aConnectionWithoutATenantSeesNoSyncRowAndATenantOnlyItsOwn() throws SQLException {
        SyncStore sync = storage().sync();
        sync.deployJob("acme", "customers", "kind: sync", "ab12", T0);
        sync.enqueueRun("acme", "customers", 1, "manual", false, T0);
        SyncRun run = sync.claimRun("node", T0, T0.plusSeconds(30)).orElseThrow();
        assertThat(sync.commitBatch(new SyncBatch("acme", "customers", run.id(), run.leaseVersion(),
                List.of(new SyncLink("[1]", "[\"a\"]", "lh", "rh", null, T0)), List.of(),
                Map.of(SyncSide.LEFT, "{}"), SyncCounts.ZERO, null,
                List.of(new SyncFailure(SyncSide.LEFT, "[2]", "sync.mapping", "no name", 1, run.id(), T0,
                        T0)),
                List.of(),
                List.of(new SyncConflict("acme", "customers", "cfl_1", "[3]", "[\"c\"]", "{}", "{}", null,
                        List.of("name"), ConflictStatus.OPEN, null, null, T0, null)),
                List.of()), T0)).isTrue();

        try (Connection c = DriverManager.getConnection(PostgresSchemas.URL, PostgresSchemas.APP_ROLE, null);
                Statement s = c.createStatement()) {
            c.setSchema(SCHEMAS.appSettings("rls-sync").schema());
            for (String table : TABLES) {
                assertThat(count(s, "SELECT count(*) FROM " + table)).as(table + " without a tenant")
                        .isZero();
            }
            c.setAutoCommit(false);
            s.execute("SET LOCAL weft.tenant = 'acme'");
            for (String table : TABLES) {
                assertThat(count(s, "SELECT count(*) FROM " + table)).as(table + " as acme").isOne();
            }
            c.rollback();
            s.execute("SET LOCAL weft.tenant = 'globex'");
            for (String table : TABLES) {
                assertThat(count(s, "SELECT count(*) FROM " + table)).as(table + " as globex").isZero();
            }
            assertThat(s.executeUpdate("UPDATE sync_runs SET status = 'queued'")).isZero();
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO sync_cursors (tenant_id, job_id, side,"
                    + " cursor_value, updated_at) VALUES ('acme', 'customers', 'right', '{}', 0)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            c.rollback();
        }
    }
}
