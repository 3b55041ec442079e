package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL source without a modified-at column ({@code changes: scan}, the default) to MariaDB: every run
 * reads every row and compares it by its hash, writes only the rows that changed (the target counts its
 * updates in a trigger), counts the others unchanged, and, having read the side whole, sees a deleted row.
 */
class ScanSideIT extends SyncDatabaseCase {
    ScanSideIT() {
        super("crm_codes", "erp_codes");
    }

    static final int ROWS = 50;

    @BeforeEach
    void tables() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, label text NOT NULL,"
                + " amount numeric(10,2) NOT NULL)",
                "INSERT INTO " + left + " (id, label, amount) SELECT g, 'Code' || g, g * 1.5"
                        + " FROM generate_series(1, " + ROWS + ") g");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, label VARCHAR(100) NOT NULL,"
                + " amount DECIMAL(10,2) NOT NULL, writes INT NOT NULL DEFAULT 0)",
                // Counts every write to an existing row, even one that changes nothing.
                "CREATE TRIGGER " + right + "_writes BEFORE UPDATE ON " + right
                        + " FOR EACH ROW SET NEW.writes = OLD.writes + 1");
        f.deploy("""
                kind: sync
                id: codes
                left: {system: crm, type: %s, key: [id], changes: scan}
                right: {system: erp, type: %s, key: [id]}
                direction: left_to_right
                batchSize: 20
                deletes: propagate
                mapping:
                  toRight: {id: "{{ id }}", label: "{{ label }}", amount: "{{ amount }}"}
                """.formatted(left, right));
    }

    private Map<Long, String> leftRows() throws Exception {
        return SyncFixture.rows(crm, "SELECT id, label, amount FROM " + left);
    }

    private Map<Long, String> rightRows() throws Exception {
        return SyncFixture.rows(erp, "SELECT id, label, amount FROM " + right);
    }

    private Map<Long, String> writes() throws Exception {
        return SyncFixture.rows(erp, "SELECT id, writes FROM " + right + " WHERE writes > 0");
    }

    @Test
    void everyRunComparesEveryRowAndWritesOnlyTheChangedOnes() throws Exception {
        SyncRun first = f.run("codes");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(first.full()).as("a manual run, full because its side is scanned").isFalse();
        assertThat(first.counts()).isEqualTo(new SyncCounts(ROWS, ROWS, 0, 0, 0, 0, 0));
        assertThat(rightRows()).hasSize(ROWS).isEqualTo(leftRows());

        SyncRun same = f.run("codes");
        assertThat(same.status()).as(String.valueOf(same.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(same.counts()).isEqualTo(new SyncCounts(ROWS, 0, 0, 0, ROWS, 0, 0));
        assertThat(writes()).as("no row written again").isEmpty();

        SyncFixture.sql(crm, "UPDATE " + left + " SET label = 'Changed' || id WHERE id IN (5, 25, 45)",
                "UPDATE " + left + " SET amount = 99.99 WHERE id = 45",
                "INSERT INTO " + left + " (id, label, amount) VALUES (51, 'New', 1)",
                "DELETE FROM " + left + " WHERE id = 10");
        SyncRun changed = f.run("codes");
        assertThat(changed.status()).as(String.valueOf(changed.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(changed.counts()).isEqualTo(new SyncCounts(ROWS, 1, 3, 1, ROWS - 4, 0, 0));
        assertThat(rightRows()).hasSize(ROWS).isEqualTo(leftRows()).containsEntry(45L, "Changed45|99.99")
                .containsEntry(51L, "New|1.00").doesNotContainKey(10L);
        assertThat(writes()).isEqualTo(Map.of(5L, "1", 25L, "1", 45L, "1"));
        assertThat(f.sync.status(SyncFixture.TENANT, "codes").links()).isEqualTo(ROWS);

        SyncRun after = f.run("codes");
        assertThat(after.counts()).isEqualTo(new SyncCounts(ROWS, 0, 0, 0, ROWS, 0, 0));
        assertThat(writes()).isEqualTo(Map.of(5L, "1", 25L, "1", 45L, "1"));
    }
}
