package dev.weft.connector.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.replay.ReplayServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A system built from the pet store's document, called through the gateway as a flow's step is: the
 * gateway reads the vault's API key credential and puts it on the request; the connector never holds it.
 */
class OpenApiGatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private Gateway gateway;

    @BeforeEach
    void start() {
        server = PetstoreReplay.start();
        Instant now = Instant.now();
        SystemRecord pets = new SystemRecord(ExecutionStore.DEFAULT_TENANT, "pets", "openapi",
                JsonNodeFactory.instance.objectNode().put("documentUrl", server.baseUrl()
                        + PetstoreReplay.DOCUMENT_PATH),
                "pets-key", JsonNodeFactory.instance.objectNode(), 1, now, now);
        // the same API at an address where nothing listens, falling back to the one that answers
        com.fasterxml.jackson.databind.node.ObjectNode downConfig = JsonNodeFactory.instance.objectNode()
                .put("documentUrl", server.baseUrl() + PetstoreReplay.DOCUMENT_PATH)
                .put("baseUrl", "http://127.0.0.1:1/api/v3");
        com.fasterxml.jackson.databind.node.ObjectNode policy = JsonNodeFactory.instance.objectNode();
        policy.putObject("retry").put("maxAttempts", 1);
        policy.putObject("fallback").put("system", "pets");
        SystemRecord down = new SystemRecord(ExecutionStore.DEFAULT_TENANT, "pets-down", "openapi",
                downConfig,
                "pets-key", policy, 1, now, now);
        CredentialSource vault = new CredentialSource() {
            @Override
            public Optional<Credential> credential(String tenantId, String name) {
                return name.equals("pets-key")
                        ? Optional.of(new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "api_key",
                                PetstoreReplay.KEY))
                        : Optional.empty();
            }

            @Override
            public List<String> systemsOf(String tenantId, String name) {
                return List.of("pets", "pets-down");
            }

            @Override
            public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
                    String token) {
                return false;
            }
        };
        gateway = Gateway.of(List.of(new OpenApiConnector()), FixedSystems.of(List.of(pets, down)), vault,
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), Clock.systemUTC(),
                ExecutionStore.DEFAULT_TENANT, TestBlobs.temporary(), CallObserver.NONE);
    }

    @AfterEach
    void stop() {
        gateway.close();
        server.close();
    }

    private JsonNode call(String input) throws Exception {
        return gateway.call("pets",
                new Call("openapi.call", JSON.readTree(input), "exec-1:step-" + input.hashCode(),
                        Duration.ofSeconds(10), new Cancellation()));
    }

    @Test
    void theVaultsApiKeyReachesThePetStoreThroughTheGateway() throws Exception {
        JsonNode inventory = call("{\"operationId\": \"getInventory\"}");
        assertThat(inventory.get("status").asInt()).isEqualTo(200);
        assertThat(inventory.at("/body/available").asInt()).isEqualTo(7);
        JsonNode order = call("{\"operationId\": \"placeOrder\", \"petId\": 10, \"quantity\": 1}");
        assertThat(order.at("/body/id").asInt()).isEqualTo(5);

        List<ReplayServer.Received> calls = server.received().stream()
                .filter(r -> !r.path().equals(PetstoreReplay.DOCUMENT_PATH)).toList();
        assertThat(calls).extracting(r -> r.header("api_key")).containsOnly(PetstoreReplay.KEY);
        assertThat(calls.get(1).header("Idempotency-Key")).as("the step's key goes with a POST")
                .startsWith("exec-1:step-");
        assertThat(inventory.toString() + order).doesNotContain(PetstoreReplay.KEY);
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void thePetStoresRefusalsComeBackTypedThroughTheGateway() {
        assertThatThrownBy(() -> call("{\"operationId\": \"getPetById\", \"petId\": 999}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("openapi.not_found");
                    assertThat(e.retryable()).isFalse();
                });
        assertThatThrownBy(() -> call("{\"operationId\": \"uploadFile\", \"petId\": 10}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("openapi.input");
                    assertThat(e.getMessage()).contains("only application/octet-stream");
                });
    }

    @Test
    void eachOperationIdIsAnOperationOfTheSystemWithItsOwnSpec() throws Exception {
        assertThat(gateway.operationNames()).contains("openapi.*", "openapi.call", "openapi.operations");
        var spec = gateway.operation("pets", "openapi.get_pet_by_id");
        assertThat(spec.idempotent()).isTrue();
        assertThat(spec.readOnly()).isTrue();
        assertThat(spec.description()).contains("GET /pet/{petId}", "operationId getPetById");
        assertThat(spec.inputSchema().at("/properties").has("operationId")).isFalse();
        assertThat(spec.inputSchema().get("required").toString()).contains("petId")
                .doesNotContain("operationId");
        assertThat(gateway.operation("pets", "openapi.place_order").idempotent()).as("a POST").isFalse();

        JsonNode pet = gateway.call("pets",
                new Call("openapi.get_pet_by_id", JSON.readTree("{\"petId\": 10}"),
                        "exec-2:step-1", Duration.ofSeconds(10), new Cancellation()));
        assertThat(pet.at("/body/name").asText()).isEqualTo("doggie");

        assertThatThrownBy(() -> gateway.call("pets", new Call("openapi.get_pet_by_nickname",
                JSON.readTree("{}"), "exec-2:step-2", Duration.ofSeconds(10), new Cancellation())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("operation.unknown");
                    assertThat(e.getMessage()).contains(
                            "system 'pets' has no operation 'openapi.get_pet_by_nickname'",
                            "openapi.get_pet_by_id");
                });
        assertThat(gateway.problem(null, "openapi.get_pet_by_id")).contains("name the system");

        // unavailable: the fallback system takes the same operation, by the spec its own document gives
        JsonNode fallen = gateway.call("pets-down",
                new Call("openapi.get_pet_by_id", JSON.readTree("{\"petId\": 10}"),
                        "exec-2:step-3", Duration.ofSeconds(10), new Cancellation()));
        assertThat(fallen.at("/body/name").asText()).isEqualTo("doggie");
        assertThat(OpenApiClient.operationName("findPetsByStatus")).isEqualTo("openapi.find_pets_by_status");
        assertThat(OpenApiClient.operationName("get_/v1/pets")).isEqualTo("openapi.get_v1_pets");
        assertThat(OpenApiClient.operationName("2fa-verify")).isEqualTo("openapi.op_2fa_verify");
    }
}
