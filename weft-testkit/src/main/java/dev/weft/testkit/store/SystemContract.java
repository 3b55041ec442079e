package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Systems: created at version 1, each change one version more, listed by id within a tenant. */
interface SystemContract extends StorageUnderTest {

    private SystemStore systems() {
        return storage().systems();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    default void aNewSystemIsVersionOneAndReadsBackAsWritten() {
        SystemRecord crm = systems().putSystem("acme", "crm", "http",
                json("{\"baseUrl\": \"https://crm.example\"}"),
                "crm-token", json("{\"timeout\": \"5s\"}"), T0);

        assertThat(crm).isEqualTo(
                new SystemRecord("acme", "crm", "http", json("{\"baseUrl\": \"https://crm.example\"}"),
                        "crm-token", json("{\"timeout\": \"5s\"}"), 1, T0, T0));
        assertThat(systems().system("acme", "crm")).contains(crm);
        assertThat(systems().system("globex", "crm")).isEmpty();
    }

    @Test
    default void eachChangeIsOneVersionMoreAndKeepsItsCreationTime() {
        systems().putSystem("acme", "db", "postgres", json("{}"), "db-login", json("{}"), T0);
        SystemRecord changed = systems().putSystem("acme", "db", "postgres", json("{\"port\": 5433}"), null,
                json("{}"), T0.plusSeconds(60));

        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.createdAt()).isEqualTo(T0);
        assertThat(changed.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(changed.credential()).isNull();
        assertThat(changed.config()).isEqualTo(json("{\"port\": 5433}"));
    }

    @Test
    default void aConditionalChangeIsStoredOnlyFromTheVersionItNamesAndACreationOnlyWhenThereIsNone() {
        assertThat(systems().putSystemIf("acme", "erp", 0, "http", json("{}"), null, json("{}"), T0))
                .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(1));
        assertThat(systems().putSystemIf("acme", "erp", 0, "http", json("{\"a\": 1}"), null, json("{}"), T0))
                .as("a creation when it exists").isEmpty();
        assertThat(systems().putSystemIf("globex", "erp", 0, "http", json("{}"), null, json("{}"), T0))
                .as("another tenant's is its own").isPresent();

        SystemRecord second = systems().putSystemIf("acme", "erp", 1, "http", json("{\"b\": 2}"), "token",
                json("{}"), T0.plusSeconds(5)).orElseThrow();
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.createdAt()).isEqualTo(T0);
        assertThat(second.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(second.credential()).isEqualTo("token");
        assertThat(systems().putSystemIf("acme", "erp", 1, "http", json("{\"c\": 3}"), null, json("{}"),
                T0.plusSeconds(6))).as("a change from a version overtaken").isEmpty();
        assertThat(systems().putSystemIf("acme", "nothing", 4, "http", json("{}"), null, json("{}"), T0))
                .as("a change of a system that is not there").isEmpty();
        assertThat(systems().system("acme", "erp")).contains(second);
        assertThat(systems().system("acme", "nothing")).isEmpty();
    }

    @Test
    default void aTriggerCursorIsSavedReplacedAndKeptPerTenant() {
        var cursors = storage().triggerCursors();
        assertThat(cursors.cursor("acme", "orders/sync#1")).isEmpty();
        cursors.saveCursor("acme", "orders/sync#1", json("{\"at\": 1}"), T0);
        cursors.saveCursor("acme", "orders/sync#1", json("{\"at\": 2}"), T0.plusSeconds(1));
        assertThat(cursors.cursor("acme", "orders/sync#1")).contains(json("{\"at\": 2}"));
        assertThat(cursors.cursor("globex", "orders/sync#1")).isEmpty();
    }

    @Test
    default void aCursorIsReplacedOnlyWhileItIsTheOneReadAndDeletedForAFreshStart() {
        var cursors = storage().triggerCursors();
        String key = "orders/sync#2";
        assertThat(cursors.replaceCursor("acme", key, java.util.Optional.empty(), json("{\"at\": 1}"), T0))
                .isTrue();
        // a poll that read {"at": 1} saves its next cursor
        assertThat(cursors.replaceCursor("acme", key, cursors.cursor("acme", key), json("{\"at\": 2}"), T0))
                .isTrue();
        // a poll that read {"at": 1} before the other saved: its cursor is not written back
        assertThat(cursors.replaceCursor("acme", key, java.util.Optional.of(json("{\"at\": 1}")),
                json("{\"at\": 9}"), T0)).isFalse();
        assertThat(cursors.cursor("acme", key)).contains(json("{\"at\": 2}"));

        assertThat(cursors.deleteCursor("acme", key)).isTrue();
        assertThat(cursors.deleteCursor("acme", key)).isFalse();
        // a poll that read {"at": 2} before the reset does not undo it
        assertThat(cursors.replaceCursor("acme", key, java.util.Optional.of(json("{\"at\": 2}")),
                json("{\"at\": 3}"), T0)).isFalse();
        assertThat(cursors.cursor("acme", key)).isEmpty();
        assertThat(cursors.replaceCursor("globex", key, java.util.Optional.empty(), json("{\"at\": 1}"), T0))
                .isTrue();
        assertThat(cursors.cursor("acme", key)).as("per tenant").isEmpty();
    }

    @Test
    default void systemsAreListedByIdWithinTheirTenantAndDeleted() {
        systems().putSystem("acme", "zeta", "http", json("{}"), null, json("{}"), T0);
        systems().putSystem("acme", "alpha", "http", json("{}"), null, json("{}"), T0);
        systems().putSystem("globex", "beta", "http", json("{}"), null, json("{}"), T0);

        assertThat(systems().systems("acme")).extracting(SystemRecord::id).containsExactly("alpha", "zeta");
        assertThat(systems().deleteSystem("acme", "alpha")).isTrue();
        assertThat(systems().deleteSystem("acme", "alpha")).isFalse();
        assertThat(systems().systems("acme")).extracting(SystemRecord::id).containsExactly("zeta");
        assertThat(systems().systems("globex")).hasSize(1);
    }
}
