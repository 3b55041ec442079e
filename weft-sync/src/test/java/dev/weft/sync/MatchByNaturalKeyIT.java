package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One way from PostgreSQL to a MariaDB table that makes its own ids (AUTO_INCREMENT) and has a unique e-mail:
 * the job maps no id and matches by e-mail. Rows the target has already with the same e-mail are linked and
 * updated, not duplicated; new ones are created and linked by the id the target gave them; a later change on
 * the source, of the name or of the e-mail itself, updates the same target row.
 */
class MatchByNaturalKeyIT extends SyncDatabaseCase {
    MatchByNaturalKeyIT() {
        super("crm_people", "erp_contacts");
    }

    static final int ROWS = 20;

    @BeforeEach
    void tables() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, email text NOT NULL,"
                + " name text NOT NULL, updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + left + " (id, email, name) SELECT g, 'p' || g || '@example.com', 'Name' || g"
                        + " FROM generate_series(1, " + ROWS + ") g");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " email VARCHAR(200) NOT NULL UNIQUE, name VARCHAR(100) NOT NULL) AUTO_INCREMENT = 1000",
                // Three of the source's people are there already, under the target's own ids, and one other.
                "INSERT INTO " + right + " (id, email, name) VALUES (7, 'p2@example.com', 'Old two'),"
                        + " (8, 'p4@example.com', 'Old four'), (9, 'p6@example.com', 'Name6'),"
                        + " (10, 'other@example.com', 'Other')");
        f.deploy("""
                kind: sync
                id: contacts
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id], match: {by: [email]}}
                direction: left_to_right
                mapping:
                  toRight: {email: "{{ email }}", name: "{{ name }}"}
                """.formatted(left, right));
    }

    /** The target's rows by e-mail, each as its id and name. */
    private Map<String, String> rightByEmail() throws Exception {
        Map<String, String> byEmail = new TreeMap<>();
        SyncFixture.rows(erp, "SELECT id, email, name FROM " + right).forEach((id, row) -> {
            String[] parts = row.split("\\|");
            byEmail.put(parts[0], id + "|" + parts[1]);
        });
        return byEmail;
    }

    @Test
    void rowsWithTheSameEmailAreLinkedNewOnesCreatedAndLaterChangesUpdateTheSameRow() throws Exception {
        SyncRun first = f.run("contacts");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        // source_wins one way does not compare: p6, already as the source has it, is written over too.
        assertThat(first.counts()).isEqualTo(new SyncCounts(ROWS, ROWS - 3, 3, 0, 0, 0, 0));
        Map<String, String> after = rightByEmail();
        assertThat(after).hasSize(ROWS + 1).containsEntry("p2@example.com", "7|Name2")
                .containsEntry("p4@example.com", "8|Name4").containsEntry("p6@example.com", "9|Name6")
                .containsEntry("other@example.com", "10|Other");
        Map<Long, String> ids = new TreeMap<>();
        for (int i = 1; i <= ROWS; i++) {
            String[] row = after.get("p" + i + "@example.com").split("\\|");
            assertThat(row[1]).isEqualTo("Name" + i);
            ids.put((long) i, row[0]);
        }
        assertThat(ids.values()).doesNotHaveDuplicates();
        assertThat(ids.values().stream().filter(id -> Long.parseLong(id) >= 1000)).hasSize(ROWS - 3);
        assertThat(f.sync.status(SyncFixture.TENANT, "contacts").links()).isEqualTo(ROWS);

        SyncRun quiet = f.run("contacts");
        assertThat(quiet.counts()).isEqualTo(SyncCounts.ZERO);

        SyncFixture.sql(crm, "UPDATE " + left + " SET name = 'Renamed', updated_at = clock_timestamp()"
                + " WHERE id IN (2, 11)",
                "UPDATE " + left
                        + " SET email = 'moved' || id || '@example.com', updated_at = clock_timestamp()"
                        + " WHERE id IN (4, 12)");
        SyncRun edits = f.run("contacts");
        assertThat(edits.status()).as(String.valueOf(edits.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(edits.counts()).isEqualTo(new SyncCounts(4, 0, 4, 0, 0, 0, 0));
        Map<String, String> edited = rightByEmail();
        assertThat(edited).as("no row added").hasSize(ROWS + 1)
                .containsEntry("p2@example.com", "7|Renamed")
                .containsEntry("p11@example.com", ids.get(11L) + "|Renamed")
                .containsEntry("moved4@example.com", "8|Name4")
                .containsEntry("moved12@example.com", ids.get(12L) + "|Name12")
                .doesNotContainKeys("p4@example.com", "p12@example.com");
        assertThat(f.sync.status(SyncFixture.TENANT, "contacts").links()).isEqualTo(ROWS);
        assertThat(f.run("contacts").counts()).isEqualTo(SyncCounts.ZERO);
    }
}
