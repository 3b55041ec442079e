package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys that do not fit, records a cursor does not see, and a mapped key that changes. */
class KeysAndDeletesIT extends SyncDatabaseCase {
    KeysAndDeletesIT() {
        super("crm_keys", "erp_keys");
    }

    @BeforeEach
    void open() throws Exception {
    }

    @Test
    void aPostedKeyTheSideCannotLookUpFailsAloneAndTheOthersAreSynced() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + left + " VALUES (1, 'a'), (2, 'b')");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        f.deploy("""
                kind: sync
                id: keys
                left: {system: crm, type: %s, key: [id], changes: events}
                right: {system: erp, type: %s, key: [id]}
                mapping: {toRight: {id: "{{ id }}", name: "{{ name }}"}}
                """.formatted(left, right));
        List<JsonNode> keys = List.of(JsonNodeFactory.instance.arrayNode().add(1),
                JsonNodeFactory.instance.arrayNode().add("not a number"),
                JsonNodeFactory.instance.arrayNode().add(2));
        f.sync.changed(SyncFixture.TENANT, "keys", "left", keys);

        SyncRun run = f.sync.runDue().orElseThrow();

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(run.counts().created()).isEqualTo(2);
        assertThat(run.counts().failed()).isOne();
        assertThat(f.sync.failures(SyncFixture.TENANT, "keys", null, null, 10)).singleElement()
                .satisfies(fl -> {
                    assertThat(fl.key()).isEqualTo("[\"not a number\"]");
                    assertThat(fl.message()).contains("refused to look it up by key");
                });
        assertThat(f.sync.status(SyncFixture.TENANT, "keys").waitingChanges()).isZero();
        SyncRun next = f.run("keys");
        assertThat(next.status()).as("the bad key is a failure, not a stop")
                .isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(f.sync.failures(SyncFixture.TENANT, "keys", null, null, 10))
                .extracting(SyncFailure::attempts)
                .containsExactly(2);
    }

    @Test
    void aResyncDoesNotDeleteTheCounterpartOfARecordItsCursorDoesNotSee() throws Exception {
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, name text NOT NULL,"
                + " updated_at timestamptz)",
                "INSERT INTO " + left + " VALUES (1, 'a', now()), (2, 'b', now()), (3, 'c', now())");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        f.deploy("""
                kind: sync
                id: keys
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id]}
                deletes: propagate
                mapping: {toRight: {id: "{{ id }}", name: "{{ name }}"}}
                """.formatted(left, right));
        assertThat(f.run("keys").counts().created()).isEqualTo(3);
        SyncFixture.sql(crm, "UPDATE " + left + " SET updated_at = NULL WHERE id = 2",
                "DELETE FROM " + left + " WHERE id = 3");

        f.sync.resync(SyncFixture.TENANT, "keys");
        SyncRun resync = f.sync.runDue().orElseThrow();

        assertThat(resync.counts().deleted()).as("3 only").isOne();
        assertThat(SyncFixture.rows(erp, "SELECT id, name FROM " + right)).containsOnlyKeys(1L, 2L);
    }

    @Test
    void aChangedMappedKeyUpdatesTheLinkedRecordInsteadOfMakingAnother() throws Exception {
        SyncFixture.sql(crm,
                "CREATE TABLE " + left + " (id bigint PRIMARY KEY, sku text NOT NULL, name text NOT NULL)",
                "INSERT INTO " + left + " VALUES (1, 'SKU-1', 'chair')");
        SyncFixture.sql(erp,
                "CREATE TABLE " + right + " (code VARCHAR(50) PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        f.deploy("""
                kind: sync
                id: keys
                left: {system: crm, type: %s, key: [id]}
                right: {system: erp, type: %s, key: [code]}
                mapping: {toRight: {code: "{{ sku }}", name: "{{ name }}"}}
                """.formatted(left, right));
        f.run("keys");
        SyncFixture.sql(crm, "UPDATE " + left + " SET sku = 'SKU-1B', name = 'stool' WHERE id = 1");

        SyncRun run = f.run("keys");

        assertThat(run.counts().updated()).isOne();
        assertThat(SyncFixture.rows(erp, "SELECT 1, code, name FROM " + right)).containsExactly(
                java.util.Map.entry(1L, "SKU-1|stool"));
    }
}
