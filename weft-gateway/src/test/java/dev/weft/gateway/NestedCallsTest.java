package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.blob.TestBlobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SystemContext.callSystem}: a connector calls another system of its tenant through the gateway's call
 * path, never itself, and calls that go round between systems end with {@code system.loop}. Run through the
 * gateway on a connector of our own SPI whose {@code relay.forward} calls the system its config names.
 */
class NestedCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code relay.forward}: answers {@code {"by": [systems]}}, calling its config's {@code next} first, if any. */
    static final class Relay implements Connector {
        @Override
        public ConnectorSpec spec() {
            return ConnectorSpec.builder("relay", "1.0.0").description("test")
                    .operation(new OperationSpec("relay.forward", "forwards",
                            JSON.createObjectNode().put("type", "object"), JSON.createObjectNode(), true,
                            List.of()))
                    .build();
        }

        @Override
        public SystemClient open(SystemContext context) {
            return new SystemClient() {
                @Override
                public JsonNode invoke(Call call) throws ConnectorException {
                    List<String> by = new ArrayList<>();
                    String next = context.config().path("next").asText(null);
                    if (next != null) {
                        context.callSystem(next, call).path("by").forEach(s -> by.add(s.asText()));
                    }
                    by.add(context.systemId());
                    return JSON.createObjectNode().set("by", JSON.valueToTree(by));
                }

                @Override
                public ConnectionTest test() {
                    return ConnectionTest.ok("always");
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static SystemRecord system(String id, String next) {
        Instant now = Instant.now();
        return new SystemRecord("t", id, "relay", next == null
                ? JSON.createObjectNode()
                : JSON.createObjectNode().put("next", next), null, JSON.createObjectNode(), 1, now, now);
    }

    private static Gateway gateway(SystemRecord... systems) {
        return Gateway.of(List.of(new Relay()), FixedSystems.of(List.of(systems)), null,
                EgressGuard.of(EgressPolicy.blockPrivate()), Clock.systemUTC(), "t", TestBlobs.temporary(),
                CallObserver.NONE);
    }

    private static Call call() {
        return new Call("relay.forward", JSON.createObjectNode(), "k", Duration.ofSeconds(5),
                new Cancellation());
    }

    @Test
    void aSystemCallsAnotherSystemOfItsTenantThroughTheGateway() throws Exception {
        try (Gateway gateway = gateway(system("docs", "model"), system("model", null))) {
            assertThat(gateway.call("docs", call()).get("by").toString()).isEqualTo("[\"model\",\"docs\"]");
        }
    }

    @Test
    void aSystemThatCallsItselfIsRefused() {
        try (Gateway gateway = gateway(system("echo", "echo"))) {
            assertThatThrownBy(() -> gateway.call("echo", call())).isInstanceOfSatisfying(
                    ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("system.loop");
                        assertThat(e.getMessage()).contains("cannot call itself");
                    });
        }
    }

    @Test
    void systemsThatCallEachOtherEndWithALoopErrorInsteadOfAStackOverflow() {
        try (Gateway gateway = gateway(system("a", "b"), system("b", "a"))) {
            assertThatThrownBy(() -> gateway.call("a", call())).isInstanceOfSatisfying(
                    ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("system.loop");
                        assertThat(e.getMessage()).contains("3 calls deep");
                    });
        }
    }

    @Test
    void aCallOfASystemTheTenantDoesNotHaveFailsAsAStepsWould() {
        try (Gateway gateway = gateway(system("docs", "nowhere"))) {
            assertThatThrownBy(() -> gateway.call("docs", call())).isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("nowhere");
        }
    }
}
