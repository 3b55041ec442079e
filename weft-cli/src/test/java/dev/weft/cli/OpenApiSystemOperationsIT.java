package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Credential;
import dev.weft.engine.Caller;
import dev.weft.engine.Engine;
import dev.weft.engine.InvalidFlowException;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.store.jdbc.SqliteExecutionStore;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.replay.ReplayServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow that calls an OpenAPI system's operations by name ({@code openapi.get_pet_by_id}), as the server and
 * {@code weft run} read and route them: accepted when the flow is read, routed by the gateway to the system,
 * whose document says what the operation is.
 */
class OpenApiSystemOperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller CALLER = Caller.system(ExecutionStore.DEFAULT_TENANT, "test");
    private static final String DOCUMENT = """
            {"openapi": "3.0.3", "info": {"title": "Pets", "version": "1.0.0"},
             "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
               "schemas": {"Pet": {"type": "object", "required": ["id", "name"], "properties": {
                 "id": {"type": "integer"}, "name": {"type": "string"}, "tag": {"type": "string"}}}}},
             "security": [{"key": []}],
             "paths": {"/pets/{petId}": {
               "parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "integer"}}],
               "get": {"operationId": "getPetById", "summary": "One pet", "responses": {"200": {"description": "the pet",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}},
               "patch": {"operationId": "renamePet", "requestBody": {"required": true, "content": {"application/json":
                 {"schema": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}},
                 "responses": {"200": {"description": "the pet", "content": {"application/json":
                   {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}}}}
            """;

    @TempDir
    Path dir;
    ReplayServer replay;
    ExecutionStore store;
    Gateway gateway;
    Engine engine;

    @BeforeEach
    void start() throws Exception {
        replay = ReplayServer.start("replay/openapi-pets.json");
        store = SqliteExecutionStore.open(dir);
        Instant now = Instant.now();
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("baseUrl", replay.baseUrl() + "/v1");
        config.set("document", JSON.readTree(DOCUMENT));
        SystemRecord pets = new SystemRecord(ExecutionStore.DEFAULT_TENANT, "pets", "openapi", config,
                "pets-key",
                JsonNodeFactory.instance.objectNode(), 1, now, now);
        CredentialSource vault = new FixedCredentials(Map.of("pets-key", new Credential.ApiKey(
                Credential.ApiKey.Location.HEADER, "X-Api-Key", "example-pets-key")));
        gateway = Gateway.of(Flows.CONNECTORS.connectors(), FixedSystems.of(List.of(pets)), vault,
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), Clock.systemUTC(),
                ExecutionStore.DEFAULT_TENANT, TestBlobs.temporary(), CallObserver.NONE);
        engine = Engine.builder(store).parser(Flows::parse).calls(dev.weft.gateway.Gateways.only(gateway))
                .build().start();
    }

    @AfterEach
    void stop() {
        engine.close();
        gateway.close();
        store.close();
        replay.close();
    }

    @Test
    void aFlowCallsTheSystemsOperationsByTheirNames() throws Exception {
        FlowVersion flow = engine.client().deploy(CALLER, "rename.yaml",
                """
                        id: rename
                        namespace: shop
                        steps:
                          - {id: pet, type: call, system: pets, operation: openapi.get_pet_by_id, with: {petId: "{{ input.id }}"}}
                          - id: renamed
                            type: call
                            system: pets
                            operation: openapi.rename_pet
                            with: {petId: "{{ pet.body.id }}", name: "{{ pet.body.name & ' II' }}"}
                          - {id: out, type: transform, output: "{{ renamed.body.name }}"}
                        """);
        String id = engine.client().start(CALLER, flow, JSON.readTree("{\"id\": 7}"), null, null).id();
        ExecutionRecord done = engine.client().await(CALLER, id, Duration.ofSeconds(20));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output().asText()).isEqualTo("Rex II");
        assertThat(replay.unmatched()).as(replay.toString()).isEmpty();

        String unknown = engine.client().start(CALLER, engine.client().deploy(CALLER, "typo.yaml", """
                id: typo
                namespace: shop
                steps:
                  - {id: pet, type: call, system: pets, operation: openapi.get_pet_by_name, with: {name: Rex}}
                """), JSON.readTree("{}"), null, null).id();
        ExecutionRecord failed = engine.client().await(CALLER, unknown, Duration.ofSeconds(20));
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().toString()).contains("no operation 'openapi.get_pet_by_name'",
                "openapi.get_pet_by_id", "openapi.rename_pet");

        assertThatThrownBy(() -> engine.client().deploy(CALLER, "other.yaml", """
                id: other
                namespace: shop
                steps:
                  - {id: pet, type: call, system: pets, operation: openapl.get_pet_by_id}
                """)).isInstanceOf(InvalidFlowException.class).hasMessageContaining("unknown operation");
    }

    @Test
    void theApiCallsASystemsOwnOperationAndChecksItsInputAgainstTheDocument() throws Exception {
        String key = "openapi-ops-admin-key-3b9d";
        try (dev.weft.server.WeftServer server = dev.weft.server.WeftServer.start(
                dev.weft.server.config.ServerSettings.defaults().withDataDir(dir.resolve("server"))
                        .withPort(0)
                        .withEgressAllow(List.of("127.0.0.1/32")),
                java.util.Map.of("WEFT_ADMIN_API_KEY", key), Clock.systemUTC())) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> send = (path,
                    body) -> {
                try {
                    return http.send(java.net.http.HttpRequest
                            .newBuilder(java.net.URI.create("http://127.0.0.1:"
                                    + server.port() + path))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .method(path.contains("/operations/") ? "POST" : "PUT",
                                    java.net.http.HttpRequest.BodyPublishers.ofString(body))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(send.apply("/api/v1/credentials/pets-key", "{\"type\": \"apiKey\", \"in\": \"header\","
                    + " \"name\": \"X-Api-Key\", \"value\": \"example-pets-key\"}").statusCode())
                    .isEqualTo(201);
            ObjectNode system = JSON.createObjectNode().put("connector", "openapi").put("credential",
                    "pets-key");
            system.putObject("config").put("baseUrl", replay.baseUrl() + "/v1").set("document",
                    JSON.readTree(DOCUMENT));
            var put = send.apply("/api/v1/systems/pets", system.toString());
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

            var pet = send.apply("/api/v1/systems/pets/operations/openapi.get_pet_by_id", "{\"petId\": 7}");
            assertThat(pet.statusCode()).as(pet.body()).isEqualTo(200);
            assertThat(JSON.readTree(pet.body()).at("/body/name").asText()).isEqualTo("Rex");
            var wrong = send.apply("/api/v1/systems/pets/operations/openapi.get_pet_by_id",
                    "{\"petId\": \"seven\"}");
            assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
            assertThat(wrong.body()).contains("openapi.input", "petId");
            // the body's properties beside the parameters, as a flow's step writes them
            var renamed = send.apply("/api/v1/systems/pets/operations/openapi.rename_pet",
                    "{\"petId\": 7, \"name\": \"Rex II\"}");
            assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
            var none = send.apply("/api/v1/systems/pets/operations/openapi.get_pet_by_name", "{}");
            assertThat(none.statusCode()).isEqualTo(400);
            assertThat(none.body()).contains("has no operation 'openapi.get_pet_by_name'");
        }
    }
}
