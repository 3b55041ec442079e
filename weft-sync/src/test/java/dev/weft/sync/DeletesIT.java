package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One way from PostgreSQL to MariaDB, rows deleted on the source: a run that reads changes by cursor cannot
 * see a deletion and leaves the target alone; a resync (a full comparison) deletes the counterparts
 * ({@code propagate}) or marks them ({@code mark}), and drops their links.
 */
class DeletesIT extends SyncDatabaseCase {
    DeletesIT() {
        super("crm_items", "erp_items");
    }

    static final int ROWS = 30;
    static final List<Long> DELETED = List.of(3L, 17L, 30L);

    @BeforeEach
    void tables() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, name text NOT NULL,"
                + " updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + left + " (id, name) SELECT g, 'Item' || g FROM generate_series(1, " + ROWS
                        + ") g");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " deleted TINYINT NOT NULL DEFAULT 0, modified TIMESTAMP(6) NOT NULL DEFAULT"
                + " CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))");
    }

    private void deploy(String deletes) throws Exception {
        f.deploy("""
                kind: sync
                id: items
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id]}
                direction: left_to_right
                batchSize: 10
                deletes: %s
                mapping:
                  toRight: {id: "{{ id }}", name: "{{ name }}"}
                """.formatted(left, right, deletes));
    }

    private Map<Long, String> rightRows() throws Exception {
        return SyncFixture.rows(erp, "SELECT id, name, deleted FROM " + right);
    }

    private long links() throws Exception {
        return f.sync.status(SyncFixture.TENANT, "items").links();
    }

    /** Syncs every row, deletes some on the source, and checks that a run by cursor leaves them alone. */
    private Map<Long, String> syncThenDelete() throws Exception {
        SyncRun first = f.run("items");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(first.counts()).isEqualTo(new SyncCounts(ROWS, ROWS, 0, 0, 0, 0, 0));
        Map<Long, String> synced = rightRows();
        assertThat(synced).hasSize(ROWS).containsEntry(17L, "Item17|0");
        SyncFixture.sql(crm, "DELETE FROM " + left + " WHERE id IN (3, 17, 30)");

        SyncRun incremental = f.run("items");
        assertThat(incremental.status()).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(incremental.counts()).isEqualTo(SyncCounts.ZERO);
        assertThat(rightRows()).as("a run by cursor does not see deletions").isEqualTo(synced);
        assertThat(links()).isEqualTo(ROWS);
        return synced;
    }

    private SyncRun resync() throws Exception {
        f.sync.resync(SyncFixture.TENANT, "items");
        SyncRun run = f.sync.runDue().orElseThrow();
        assertThat(run.full()).isTrue();
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        return run;
    }

    @Test
    void propagateDeletesTheCounterpartsOnResyncAndDropsTheirLinks() throws Exception {
        deploy("propagate");
        Map<Long, String> synced = syncThenDelete();

        SyncRun resync = resync();
        int kept = ROWS - DELETED.size();
        assertThat(resync.counts()).isEqualTo(new SyncCounts(kept, 0, 0, DELETED.size(), kept, 0, 0));
        DELETED.forEach(synced::remove);
        assertThat(rightRows()).hasSize(kept).isEqualTo(synced);
        assertThat(links()).isEqualTo(kept);
        assertThat(f.sync.failures(SyncFixture.TENANT, "items", null, null, 10)).isEmpty();

        SyncRun again = resync();
        assertThat(again.counts()).as("nothing left to delete")
                .isEqualTo(new SyncCounts(kept, 0, 0, 0, kept, 0, 0));
    }

    @Test
    void markSetsTheFieldOnTheCounterpartsOnResyncAndDropsTheirLinks() throws Exception {
        deploy("{mark: {field: deleted, value: 1}}");
        Map<Long, String> synced = syncThenDelete();

        SyncRun resync = resync();
        int kept = ROWS - DELETED.size();
        assertThat(resync.counts()).isEqualTo(new SyncCounts(kept, 0, 0, DELETED.size(), kept, 0, 0));
        DELETED.forEach(id -> synced.put(id, "Item" + id + "|1"));
        assertThat(rightRows()).hasSize(ROWS).isEqualTo(synced);
        assertThat(links()).isEqualTo(kept);
        assertThat(f.sync.failures(SyncFixture.TENANT, "items", null, null, 10)).isEmpty();

        SyncRun again = resync();
        assertThat(again.counts()).as("nothing left to mark")
                .isEqualTo(new SyncCounts(kept, 0, 0, 0, kept, 0, 0));
        assertThat(rightRows()).isEqualTo(synced);
    }

    @Test
    void markInATwoWayJobDoesNotBringTheDeletedRowsBackFromTheirMarks() throws Exception {
        f.deploy("""
                kind: sync
                id: items
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id], changes: {cursor: modified}}
                direction: both
                batchSize: 10
                deletes: {mark: {field: deleted, value: 1}}
                mapping:
                  toRight: {id: "{{ id }}", name: "{{ name }}"}
                  toLeft: {id: "{{ id }}", name: "{{ name }}"}
                """.formatted(left, right));
        SyncRun first = f.run("items");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(first.counts()).isEqualTo(new SyncCounts(2 * ROWS, ROWS, 0, 0, ROWS, 0, 0));
        SyncFixture.sql(crm, "DELETE FROM " + left + " WHERE id IN (3, 17, 30)");
        Map<Long, String> leftBefore = SyncFixture.rows(crm, "SELECT id, name FROM " + left);

        SyncRun resync = resync();
        int kept = ROWS - DELETED.size();
        assertThat(resync.counts()).as("the marks read back from the right side are not new records")
                .isEqualTo(new SyncCounts(kept + ROWS, 0, 0, DELETED.size(), kept + DELETED.size() + kept, 0,
                        0));
        assertThat(SyncFixture.rows(crm, "SELECT id, name FROM " + left)).isEqualTo(leftBefore);
        assertThat(SyncFixture.rows(erp, "SELECT id, deleted FROM " + right + " WHERE deleted = 1"))
                .containsOnlyKeys(DELETED);
        assertThat(links()).isEqualTo(kept);
        SyncRun after = f.run("items");
        assertThat(after.counts().created() + after.counts().updated()).isZero();
        assertThat(SyncFixture.rows(crm, "SELECT id, name FROM " + left)).isEqualTo(leftBefore);
    }
}
