package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.engine.store.sync.SyncSide;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One way from PostgreSQL to MariaDB, 500 rows of which one has no name where the target's column is NOT
 * NULL: the other 499 are written, the refused one is the run's one failure, each later run tries it again,
 * and once it is fixed on the source it is written and its failure is gone.
 */
class RefusedRecordIT extends SyncDatabaseCase {
    RefusedRecordIT() {
        super("crm_people", "erp_people");
    }

    static final int ROWS = 500;
    static final long BAD = 250;

    @BeforeEach
    void tables() throws Exception {
        SyncFixture.sql(crm,
                "CREATE TABLE " + left + " (id bigint PRIMARY KEY, name text, code text NOT NULL,"
                        + " updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + left + " (id, name, code) SELECT g, CASE WHEN g = " + BAD
                        + " THEN NULL ELSE 'Name' || g END, 'C' || (g % 7) FROM generate_series(1, " + ROWS
                        + ") g");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " code VARCHAR(10) NOT NULL)");
        f.deploy("""
                kind: sync
                id: people
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id]}
                direction: left_to_right
                batchSize: 200
                mapping:
                  toRight: {id: "{{ id }}", name: "{{ name }}", code: "{{ code }}"}
                """.formatted(left, right));
    }

    private Map<Long, String> leftRows() throws Exception {
        return SyncFixture.rows(crm, "SELECT id, name, code FROM " + left);
    }

    private Map<Long, String> rightRows() throws Exception {
        return SyncFixture.rows(erp, "SELECT id, name, code FROM " + right);
    }

    private List<SyncFailure> failures() throws Exception {
        return f.sync.failures(SyncFixture.TENANT, "people", null, null, 100);
    }

    @Test
    void aRefusedRowFailsAloneIsRetriedEachRunAndIsWrittenOnceFixed() throws Exception {
        SyncRun first = f.run("people");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(first.counts()).isEqualTo(new SyncCounts(ROWS, ROWS - 1, 0, 0, 0, 0, 1));
        Map<Long, String> expected = leftRows();
        expected.remove(BAD);
        assertThat(rightRows()).hasSize(ROWS - 1).isEqualTo(expected);
        List<SyncFailure> failed = failures();
        assertThat(failed).hasSize(1);
        SyncFailure failure = failed.get(0);
        assertThat(failure.side()).isEqualTo(SyncSide.LEFT);
        assertThat(failure.key()).isEqualTo("[" + BAD + "]");
        assertThat(failure.code()).isEqualTo("mariadb.constraint");
        assertThat(failure.message()).contains("right side (erp) refused it").contains("'name'");
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.runId()).isEqualTo(first.id());

        SyncRun second = f.run("people");
        assertThat(second.status()).as(String.valueOf(second.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(second.counts()).as("only the failed record is read again, and fails again")
                .isEqualTo(new SyncCounts(1, 0, 0, 0, 0, 0, 1));
        assertThat(failures()).singleElement().satisfies(again -> {
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(again.runId()).isEqualTo(second.id());
            assertThat(again.code()).isEqualTo("mariadb.constraint");
            assertThat(again.firstFailedAt()).isEqualTo(failure.firstFailedAt());
        });
        assertThat(rightRows()).isEqualTo(expected);

        SyncFixture.sql(crm,
                "UPDATE " + left + " SET name = 'Fixed', updated_at = clock_timestamp() WHERE id = "
                        + BAD);
        SyncRun fixed = f.run("people");
        assertThat(fixed.status()).as(String.valueOf(fixed.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        // The retry writes it; the same change then read by its cursor is the sync's own write coming back.
        assertThat(fixed.counts()).isEqualTo(new SyncCounts(2, 1, 0, 0, 1, 0, 0));
        assertThat(failures()).isEmpty();
        assertThat(f.sync.status(SyncFixture.TENANT, "people").failures()).isZero();
        assertThat(rightRows()).hasSize(ROWS).isEqualTo(leftRows()).containsEntry(BAD, "Fixed|C" + (BAD % 7));

        SyncRun quiet = f.run("people");
        assertThat(quiet.counts()).isEqualTo(SyncCounts.ZERO);
    }
}
