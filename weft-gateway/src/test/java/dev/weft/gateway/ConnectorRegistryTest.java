package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testkit.engine.RecordingConnector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorRegistryTest {

    @Test
    void listsEachConnectorsOperationsByName() {
        ConnectorRegistry registry = ConnectorRegistry.of(List.of(new RecordingConnector()));

        assertThat(registry.specs()).extracting(s -> s.id()).containsExactly("test");
        assertThat(registry.operationNames()).contains("test.record", "test.fail")
                .allSatisfy(name -> assertThat(registry.operations().get(name).name()).isEqualTo(name));
    }

    @Test
    void refusesTwoConnectorsWithOneIdNamingBoth() {
        assertThatThrownBy(
                () -> ConnectorRegistry.of(List.of(new RecordingConnector(), new RecordingConnector())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two connectors have the id 'test'")
                .hasMessageContaining(RecordingConnector.class.getName());
    }
}
