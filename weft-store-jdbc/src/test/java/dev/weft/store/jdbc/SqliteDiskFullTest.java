package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, made deterministic with {@code PRAGMA max_page_count}: writes fail with SQLITE_FULL while
 * it lasts, and succeed again without a restart once space is back; what was committed before stays.
 */
class SqliteDiskFullTest {
    static final String TENANT = ExecutionStore.DEFAULT_TENANT;
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final String BIG = "# " + "x".repeat(200_000) + "\nid: big";

    @TempDir
    Path dir;

    @Test
    void writesSucceedAgainWithoutARestartOnceSpaceIsBack() {
        SqliteDatabase db = SqliteDatabase.open(dir);
        try (SqliteExecutionStore store = new SqliteExecutionStore(db)) {
            FlowVersion before = store.deployFlow(TENANT, "ns", "small", "id: small", NOW);
            db.maxPageCount(pageCount(db));

            assertThatThrownBy(() -> store.deployFlow(TENANT, "ns", "big", BIG, NOW))
                    .hasMessageContaining("SQLITE_FULL");
            assertThatThrownBy(() -> store.deployFlow(TENANT, "ns", "big", BIG, NOW))
                    .hasMessageContaining("SQLITE_FULL");
            assertThatThrownBy(db::checkWritable).hasMessageContaining("SQLITE_FULL");

            db.maxPageCount(0);
            assertThatCode(db::checkWritable).doesNotThrowAnyException();
            assertThat(store.deployFlow(TENANT, "ns", "big", BIG, NOW).version()).isEqualTo(1);
            assertThat(store.deployFlow(TENANT, "ns", "small", "id: small\n# v2", NOW).version())
                    .isEqualTo(2);
            assertThat(store.flowVersion(TENANT, "ns", "small", 1)).contains(before);
            assertThat(store.latestFlowVersion(TENANT, "ns", "big").orElseThrow().source()).isEqualTo(BIG);
        }
    }

    @Test
    void aWriteThatFailsInItsWorkLeavesNoTransactionOpen() {
        SqliteDatabase db = SqliteDatabase.open(dir);
        try (SqliteExecutionStore store = new SqliteExecutionStore(db)) {
            assertThatThrownBy(
                    () -> db.write(statements -> statements.prepare("INSERT INTO no_such_table VALUES (1)")
                            .executeUpdate()))
                    .hasMessageContaining("no_such_table");
            assertThat(store.deployFlow(TENANT, "ns", "after", "id: after", NOW).version()).isEqualTo(1);
            assertThatCode(db::checkWritable).doesNotThrowAnyException();
        }
    }

    private static long pageCount(SqliteDatabase db) {
        return db.onWriter(statements -> {
            try (ResultSet rs = statements.prepare("PRAGMA page_count").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
