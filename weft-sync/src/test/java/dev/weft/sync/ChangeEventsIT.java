package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.sync.SyncRun;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A side whose changes come as events: only the records posted are read, each key once, until a resync. */
class ChangeEventsIT extends SyncDatabaseCase {
    ChangeEventsIT() {
        super("crm_events", "erp_events");
    }

    @BeforeEach
    void tables() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + left + " SELECT g, 'n' || g FROM generate_series(1, 50) g");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        f.deploy("""
                kind: sync
                id: events
                left: {system: crm, type: %s, key: [id], changes: events}
                right: {system: erp, type: %s, key: [id]}
                mapping: {toRight: {id: "{{ id }}", name: "{{ name }}"}}
                """.formatted(left, right));
    }

    private static List<JsonNode> keys(int... ids) {
        return IntStream.of(ids).<JsonNode>mapToObj(i -> JsonNodeFactory.instance.arrayNode().add(i))
                .toList();
    }

    @Test
    void onlyThePostedRecordsAreSyncedUntilAResyncComparesThemAll() throws Exception {
        SyncRun nothing = f.run("events");
        assertThat(nothing.counts().read()).as("no events, no reading").isZero();

        assertThat(f.sync.changed(SyncFixture.TENANT, "events", "left", keys(1, 2, 3, 99))).isEqualTo(4);
        assertThat(f.sync.changed(SyncFixture.TENANT, "events", "left",
                List.of(JsonNodeFactory.instance.objectNode().put("id", 2).put("name", "ignored"))))
                .as("[2] waits already").isZero();
        assertThat(f.sync.status(SyncFixture.TENANT, "events").waitingChanges()).isEqualTo(4);
        SyncRun posted = f.sync.runDue().orElseThrow();
        assertThat(posted.counts().read()).as("99 is not there").isEqualTo(3);
        assertThat(posted.counts().created()).isEqualTo(3);
        assertThat(SyncFixture.rows(erp, "SELECT id, name FROM " + right)).containsOnlyKeys(1L, 2L, 3L);
        assertThat(f.sync.status(SyncFixture.TENANT, "events").waitingChanges()).isZero();

        SyncFixture.sql(crm, "UPDATE " + left + " SET name = 'changed' WHERE id IN (2, 40)");
        f.sync.changed(SyncFixture.TENANT, "events", "left", keys(2));
        SyncRun one = f.sync.runDue().orElseThrow();
        assertThat(one.counts().updated()).isOne();
        assertThat(SyncFixture.rows(erp, "SELECT id, name FROM " + right).get(2L)).isEqualTo("changed");

        f.sync.resync(SyncFixture.TENANT, "events");
        SyncRun all = f.sync.runDue().orElseThrow();
        assertThat(all.counts().created()).isEqualTo(47);
        assertThat(all.counts().unchanged()).isEqualTo(3);
        assertThat(SyncFixture.rows(erp, "SELECT id, name FROM " + right))
                .isEqualTo(SyncFixture.rows(crm, "SELECT id, name FROM " + left));
    }

    @Test
    void postedKeysThatDoNotFitAreRefusedByName() {
        assertThatThrownBy(() -> f.sync.changed(SyncFixture.TENANT, "events", "right", keys(1)))
                .hasMessageContaining("changes of the right side are not synced");
        assertThatThrownBy(() -> f.sync.changed(SyncFixture.TENANT, "events", "up", keys(1)))
                .hasMessageContaining("side must be \"left\" or \"right\"");
        assertThatThrownBy(() -> f.sync.changed(SyncFixture.TENANT, "events", "left",
                List.of(JsonNodeFactory.instance.arrayNode().add(1).add(2))))
                .hasMessageContaining("keys[0] must be an array of the values of [id]");
        assertThatThrownBy(() -> f.sync.changed(SyncFixture.TENANT, "events", "left", List.of()))
                .hasMessageContaining("keys must list 1 to 10000 keys");
    }
}
