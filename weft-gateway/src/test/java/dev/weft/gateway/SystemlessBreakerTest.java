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
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.blob.TestBlobs;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Calls without a system (a step with an absolute {@code url}) have a circuit breaker per destination
 * origin: one failing host does not refuse calls to the others. Run through the gateway on a connector of
 * our own SPI whose client fails for one host.
 */
class SystemlessBreakerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code t.get}: fails (retryably) for host {@code down.example}, answers for every other host. */
    static final class HostConnector implements Connector {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public ConnectorSpec spec() {
            return ConnectorSpec.builder("t", "1.0.0").description("test")
                    .operation(new OperationSpec("t.get", "reads a URL",
                            JSON.createObjectNode().put("type", "object"), JSON.createObjectNode(), true,
                            List.of()))
                    .build();
        }

        @Override
        public SystemClient open(SystemContext context) {
            return new SystemClient() {
                @Override
                public JsonNode invoke(Call call) throws ConnectorException {
                    String host = URI.create(call.input().get("url").textValue()).getHost();
                    calls.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                    if (host.equals("down.example")) {
                        throw ConnectorException.retryable("t.unavailable", host + " is down", null, null);
                    }
                    return JSON.createObjectNode().put("host", host);
                }

                @Override
                public String destination(Call call) {
                    URI uri = URI.create(call.input().get("url").textValue());
                    return uri.getScheme() + "://" + uri.getHost() + ":443";
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

    private static Call get(String url) {
        return new Call("t.get", JSON.createObjectNode().put("url", url), "k", Duration.ofSeconds(5),
                new Cancellation());
    }

    @Test
    void oneFailingHostDoesNotOpenTheBreakerOfCallsToAnotherHost() throws Exception {
        HostConnector connector = new HostConnector();
        try (Gateway gateway = Gateway.of(List.of(connector), null, null,
                EgressGuard.of(EgressPolicy.blockPrivate()), Clock.systemUTC(), "t", TestBlobs.temporary(),
                CallObserver.NONE)) {
            // The default breaker opens after at least 10 calls with half of them failed.
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> gateway.call(null, get("https://down.example/x")))
                        .isInstanceOfSatisfying(ConnectorException.class,
                                e -> assertThat(e.code()).isEqualTo("t.unavailable"));
            }
            assertThatThrownBy(() -> gateway.call(null, get("https://down.example/x")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("gateway.circuit_open");
                        assertThat(e.getMessage()).contains("https://down.example:443");
                    });
            assertThat(connector.calls.get("down.example")).hasValue(10);

            assertThat(gateway.call(null, get("https://up.example/y")).get("host").asText())
                    .isEqualTo("up.example");
            assertThat(connector.calls.get("up.example")).hasValue(1);
        }
    }
}
