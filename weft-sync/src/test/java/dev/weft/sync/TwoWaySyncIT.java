package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customers both ways between PostgreSQL (a CRM's stand-in) and MariaDB (an ERP's): a first sync of 100,000
 * rows, then 1,000 edits on each side, some of the same rows, decided by {@code newest_wins} with
 * {@code credit_limit} held for review when both sides changed it.
 */
class TwoWaySyncIT extends SyncDatabaseCase {
    TwoWaySyncIT() {
        super("crm_customers", "erp_customers");
    }

    static final int ROWS = 100_000;

    @BeforeEach
    void tables() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, first_name text NOT NULL,"
                + " last_name text NOT NULL, email text NOT NULL, credit_limit numeric(12,2) NOT NULL DEFAULT 0,"
                + " updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "CREATE FUNCTION " + left + "_touch() RETURNS trigger AS $$ BEGIN"
                        + " IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN"
                        + " NEW.updated_at := clock_timestamp(); END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER " + left + "_touch BEFORE UPDATE ON " + left
                        + " FOR EACH ROW EXECUTE FUNCTION "
                        + left + "_touch()",
                "INSERT INTO " + left
                        + " (id, first_name, last_name, email, credit_limit) SELECT g, 'First' || g,"
                        + " 'Last' || g, 'c' || g || '@example.com', (g % 100) * 10 FROM generate_series(1, "
                        + ROWS
                        + ") g");
        SyncFixture.sql(erp,
                "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, first_name VARCHAR(100) NOT NULL,"
                        + " last_name VARCHAR(100) NOT NULL, email VARCHAR(200) NOT NULL,"
                        + " credit_limit DECIMAL(12,2) NOT NULL DEFAULT 0, modified TIMESTAMP(6) NOT NULL"
                        + " DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))");
    }

    @AfterEach
    void dropTrigger() throws Exception {
        // Before the tables are dropped: the trigger goes with its function.
        SyncFixture.sql(crm, "DROP FUNCTION IF EXISTS " + left + "_touch() CASCADE");
    }

    private String job() {
        String fields = "{id: \"{{ id }}\", first_name: \"{{ first_name }}\", last_name: \"{{ last_name }}\","
                + " email: \"{{ email }}\", credit_limit: \"{{ credit_limit }}\"}";
        return """
                kind: sync
                id: customers
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id], changes: {cursor: modified}}
                direction: both
                mapping:
                  toRight: %s
                  toLeft: %s
                conflicts: {rule: newest_wins, skew: 0s, fields: {credit_limit: manual}}
                """.formatted(left, right, fields, fields);
    }

    private Map<Long, String> leftRows() throws Exception {
        return SyncFixture.rows(crm, "SELECT id, first_name, last_name, email, credit_limit FROM " + left);
    }

    private Map<Long, String> rightRows() throws Exception {
        return SyncFixture.rows(erp, "SELECT id, first_name, last_name, email, credit_limit FROM " + right);
    }

    private static String in(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    @Test
    void twoRunsAfterEditsOnBothSidesLeaveBothEqualWithConflictsDecidedOrHeldAndNothingEchoed()
            throws Exception {
        f.deploy(job());

        SyncRun first = f.run("customers");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(first.counts().created()).isEqualTo(ROWS);
        assertThat(first.counts().failed()).isZero();
        assertThat(rightRows()).isEqualTo(leftRows()).hasSize(ROWS);

        SyncRun quiet = f.run("customers");
        assertThat(quiet.counts().created() + quiet.counts().updated()).as("nothing echoed").isZero();

        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= ROWS; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, new Random(15));
        List<Long> leftOnly = ids.subList(0, 900);
        List<Long> rightOnly = ids.subList(900, 1800);
        List<Long> rightNewer = ids.subList(1800, 1840);
        List<Long> leftNewer = ids.subList(1840, 1880);
        List<Long> bothLimits = ids.subList(1880, 1900);
        SyncFixture.sql(crm, "UPDATE " + left + " SET first_name = 'L-' || id WHERE id IN " + in(leftOnly),
                "UPDATE " + left + " SET first_name = 'LA' WHERE id IN " + in(rightNewer),
                "UPDATE " + left + " SET credit_limit = 1111 WHERE id IN " + in(bothLimits));
        SyncFixture.sql(erp,
                "UPDATE " + right + " SET last_name = CONCAT('R-', id) WHERE id IN " + in(rightOnly),
                "UPDATE " + right + " SET first_name = 'RB' WHERE id IN " + in(leftNewer),
                "UPDATE " + right + " SET credit_limit = 2222 WHERE id IN " + in(bothLimits),
                "UPDATE " + right + " SET first_name = 'RA' WHERE id IN " + in(rightNewer));
        SyncFixture.sql(crm, "UPDATE " + left + " SET first_name = 'LB' WHERE id IN " + in(leftNewer));

        SyncRun edits = f.run("customers");
        SyncRun after = f.run("customers");

        assertThat(edits.status()).as(String.valueOf(edits.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(edits.counts().conflicts()).isEqualTo(bothLimits.size());
        assertThat(edits.counts().failed()).isZero();
        assertThat(edits.counts().updated()).isEqualTo(1800 + 80);
        assertThat(after.counts().created() + after.counts().updated() + after.counts().conflicts())
                .as("the second run finds only the first one's writes coming back").isZero();
        Map<Long, String> l = leftRows();
        Map<Long, String> r = rightRows();
        Map<Long, String> held = new HashMap<>();
        bothLimits.forEach(id -> held.put(id, l.remove(id) + " / " + r.remove(id)));
        assertThat(r).isEqualTo(l);
        leftOnly.forEach(id -> assertThat(l.get(id)).startsWith("L-" + id + "|"));
        rightOnly.forEach(id -> assertThat(l.get(id)).contains("|R-" + id + "|"));
        rightNewer.forEach(id -> assertThat(l.get(id)).startsWith("RA|"));
        leftNewer.forEach(id -> assertThat(l.get(id)).startsWith("LB|"));
        assertThat(held.values()).allSatisfy(v -> assertThat(v).contains("1111.00").contains("2222.00"));

        List<SyncConflict> open = f.sync.conflicts(SyncFixture.TENANT, "customers", ConflictStatus.OPEN, null,
                100);
        assertThat(open).hasSize(bothLimits.size())
                .allSatisfy(c -> assertThat(c.fields()).containsExactly("credit_limit"));
        for (int i = 0; i < open.size(); i++) {
            var resolution = JsonNodeFactory.instance.objectNode();
            if (i % 2 == 0) {
                resolution.put("take", "right");
            } else {
                resolution.putObject("record").put("credit_limit", 3333);
            }
            f.sync.resolve(SyncFixture.TENANT, "customers", open.get(i).id(), resolution, "user:test");
        }
        SyncRun resolved = f.run("customers");
        assertThat(resolved.status()).as(String.valueOf(resolved.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(rightRows()).isEqualTo(leftRows());
        assertThat(f.sync.conflicts(SyncFixture.TENANT, "customers", ConflictStatus.OPEN, null, 100))
                .isEmpty();
        assertThat(f.sync.conflicts(SyncFixture.TENANT, "customers", ConflictStatus.APPLIED, null, 100))
                .hasSize(bothLimits.size());
        SyncRun last = f.run("customers");
        assertThat(last.counts().created() + last.counts().updated() + last.counts().conflicts()).isZero();
    }
}
