package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.Credential;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.GatewayMetrics;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.replay.ReplayServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An llm system called through the gateway as a flow's step calls it: the vault's key put on the request by
 * the gateway, a 429 retried after the endpoint's Retry-After by the system's retry policy, and the answer's
 * tokens counted in the gateway's metrics.
 */
class LlmGatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private Gateway gateway;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        server = LlmReplay.start();
        Instant now = Instant.now();
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl() + "/v1")
                .put("model", "gpt-4o-mini");
        ObjectNode policy = JsonNodeFactory.instance.objectNode();
        policy.putObject("retry").put("maxAttempts", 2).put("backoff", "10ms");
        SystemRecord model = new SystemRecord(ExecutionStore.DEFAULT_TENANT, "model", "llm", config,
                "openai-key",
                policy, 1, now, now);
        CredentialSource vault = new CredentialSource() {
            @Override
            public Optional<Credential> credential(String tenantId, String name) {
                return name.equals("openai-key")
                        ? Optional.of(new Credential.Bearer(LlmReplay.KEY))
                        : Optional.empty();
            }

            @Override
            public List<String> systemsOf(String tenantId, String name) {
                return List.of("model");
            }

            @Override
            public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
                    String token) {
                return false;
            }
        };
        registry = new SimpleMeterRegistry();
        gateway = Gateway.of(List.of(new LlmConnector()), FixedSystems.of(List.of(model)), vault,
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), Clock.systemUTC(),
                ExecutionStore.DEFAULT_TENANT, TestBlobs.temporary(), new GatewayMetrics(registry));
    }

    @AfterEach
    void stop() {
        gateway.close();
        server.close();
    }

    private double tokens(String kind) {
        var counter = registry.find("weft_call_usage")
                .tags("system", "model", "operation", "llm.chat", "kind", kind)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRateLimitedChatIsRetriedAfterTheEndpointsWaitAndItsTokensAreCounted() throws Exception {
        JsonNode out = gateway.call("model",
                new Call("llm.chat", JSON.readTree("{\"messages\": [{\"role\": \"user\","
                        + " \"content\": \"Summarize our refund policy.\"}]}"), "exec-9:summarize",
                        Duration.ofSeconds(20),
                        new Cancellation()));
        assertThat(out.get("content").asText()).startsWith("Refunds are paid");
        assertThat(server.received()).extracting(ReplayServer.Received::exchange).containsExactly(
                "a rate limit: 429 with Retry-After, once", "after the rate limit");
        assertThat(server.received()).extracting(r -> r.header("Authorization"))
                .containsOnly("Bearer " + LlmReplay.KEY);
        assertThat(out.toString()).doesNotContain(LlmReplay.KEY);

        assertThat(tokens("promptTokens")).isEqualTo(13);
        assertThat(tokens("completionTokens")).isEqualTo(11);
        assertThat(tokens("totalTokens")).isEqualTo(24);
        assertThat(gateway.operation("llm.chat").idempotent()).isTrue();
        assertThat(gateway.operation("llm.chat").readOnly()).as("answers vary: never cached").isFalse();
    }
}
