package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.SystemRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedSystemsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static SystemRecord system(String tenant, String id) {
        return new SystemRecord(tenant, id, "http", JsonNodeFactory.instance.objectNode(), null,
                JsonNodeFactory.instance.objectNode(), 1, T0, T0);
    }

    @Test
    void servesEachTenantItsOwnSystems() {
        FixedSystems systems = FixedSystems.of(List.of(system("acme", "crm"), system("globex", "crm"),
                system("acme", "erp")));

        assertThat(systems.system("acme", "crm")).contains(system("acme", "crm"));
        assertThat(systems.system("acme", "billing")).isEmpty();
        assertThat(systems.systems("acme")).extracting(SystemRecord::id).containsExactly("crm", "erp");
        assertThat(FixedSystems.none().systems("acme")).isEmpty();
    }

    @Test
    void refusesChangesSayingToEditTheFile() {
        FixedSystems systems = FixedSystems.of(List.of(system("acme", "crm")));

        assertThatThrownBy(() -> systems.deleteSystem("acme", "crm"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("edit the file")
                .hasMessageContaining("'crm'");
        assertThatThrownBy(
                () -> systems.putSystem("acme", "crm", "http", JsonNodeFactory.instance.objectNode(),
                        null, JsonNodeFactory.instance.objectNode(), T0))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("--systems");
        assertThat(systems.system("acme", "crm")).isPresent();
    }

    @Test
    void refusesASystemDefinedTwice() {
        assertThatThrownBy(() -> FixedSystems.of(List.of(system("acme", "crm"), system("acme", "crm"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'crm' is defined twice");
    }
}
