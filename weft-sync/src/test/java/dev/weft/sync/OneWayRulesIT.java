package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One way from PostgreSQL to MariaDB with a conflict rule other than {@code source_wins}: a target row edited
 * since the last sync, whose source row changed too, is kept ({@code target_wins}) or held for review
 * ({@code manual}) while a row changed on the source alone is copied.
 */
class OneWayRulesIT extends SyncDatabaseCase {
    OneWayRulesIT() {
        super("crm_people", "erp_people");
    }

    static final int ROWS = 10;

    @BeforeEach
    void tables() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, name text NOT NULL,"
                + " city text NOT NULL, updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + left + " (id, name, city) SELECT g, 'Name' || g, 'City' || g"
                        + " FROM generate_series(1, " + ROWS + ") g");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " city VARCHAR(100) NOT NULL)");
    }

    private void deploy(String rule) throws Exception {
        f.deploy("""
                kind: sync
                id: people
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id]}
                direction: left_to_right
                conflicts: {rule: %s}
                mapping:
                  toRight: {id: "{{ id }}", name: "{{ name }}", city: "{{ city }}"}
                """.formatted(left, right, rule));
    }

    private Map<Long, String> leftRows() throws Exception {
        return SyncFixture.rows(crm, "SELECT id, name, city FROM " + left);
    }

    private Map<Long, String> rightRows() throws Exception {
        return SyncFixture.rows(erp, "SELECT id, name, city FROM " + right);
    }

    private SyncRun run() throws Exception {
        SyncRun run = f.run("people");
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        return run;
    }

    /** Syncs all rows; then edits row 3 on both sides and row 5 on the source. */
    private void syncThenEdit() throws Exception {
        assertThat(run().counts()).isEqualTo(new SyncCounts(ROWS, ROWS, 0, 0, 0, 0, 0));
        assertThat(rightRows()).isEqualTo(leftRows());
        SyncFixture.sql(erp, "UPDATE " + right + " SET name = 'Target3' WHERE id = 3");
        SyncFixture.sql(crm, "UPDATE " + left + " SET name = 'Source' || id, updated_at = clock_timestamp()"
                + " WHERE id IN (3, 5)");
    }

    @Test
    void targetWinsKeepsATargetEditedSinceTheLastSync() throws Exception {
        deploy("target_wins");
        syncThenEdit();

        SyncRun decided = run();
        assertThat(decided.counts()).isEqualTo(new SyncCounts(2, 0, 1, 0, 1, 0, 0));
        Map<Long, String> expected = leftRows();
        expected.put(3L, "Target3|City3");
        assertThat(rightRows()).isEqualTo(expected).containsEntry(5L, "Source5|City5");
        assertThat(leftRows()).as("one way: the source is not written").containsEntry(3L, "Source3|City3");
        assertThat(run().counts()).isEqualTo(SyncCounts.ZERO);

        // The target's version is now the synced one: a later source change is copied as usual.
        SyncFixture.sql(crm,
                "UPDATE " + left + " SET city = 'Moved', updated_at = clock_timestamp() WHERE id = 3");
        assertThat(run().counts()).isEqualTo(new SyncCounts(1, 0, 1, 0, 0, 0, 0));
        assertThat(rightRows()).isEqualTo(leftRows()).containsEntry(3L, "Source3|Moved");
    }

    @Test
    void manualHoldsATargetEditedSinceTheLastSyncUntilResolved() throws Exception {
        deploy("manual");
        syncThenEdit();

        SyncRun held = run();
        assertThat(held.counts()).isEqualTo(new SyncCounts(2, 0, 1, 0, 0, 1, 0));
        Map<Long, String> expected = leftRows();
        expected.put(3L, "Target3|City3");
        assertThat(rightRows()).isEqualTo(expected).containsEntry(5L, "Source5|City5");
        List<SyncConflict> open = f.sync.conflicts(SyncFixture.TENANT, "people", ConflictStatus.OPEN, null,
                10);
        assertThat(open).singleElement().satisfies(c -> {
            assertThat(c.leftKey()).isEqualTo("[3]");
            assertThat(c.rightKey()).isEqualTo("[3]");
            assertThat(c.fields()).containsExactly("name");
            assertThat(c.left()).contains("\"Source3\"");
            assertThat(c.right()).contains("\"Target3\"");
        });
        assertThat(run().counts()).as("held once, not again by every run").isEqualTo(SyncCounts.ZERO);
        assertThat(f.sync.conflicts(SyncFixture.TENANT, "people", null, null, 10)).hasSize(1);
        assertThat(rightRows()).isEqualTo(expected);

        f.sync.resolve(SyncFixture.TENANT, "people", open.get(0).id(),
                JsonNodeFactory.instance.objectNode().put("take", "left"), "user:test");
        SyncRun resolved = run();
        assertThat(resolved.reason()).isEqualTo("resolution");
        assertThat(resolved.counts()).isEqualTo(new SyncCounts(0, 0, 1, 0, 0, 0, 0));
        assertThat(rightRows()).isEqualTo(leftRows()).containsEntry(3L, "Source3|City3");
        assertThat(f.sync.conflicts(SyncFixture.TENANT, "people", ConflictStatus.APPLIED, null, 10))
                .hasSize(1);
        assertThat(f.sync.conflicts(SyncFixture.TENANT, "people", ConflictStatus.OPEN, null, 10)).isEmpty();
        assertThat(run().counts()).isEqualTo(SyncCounts.ZERO);
    }
}
