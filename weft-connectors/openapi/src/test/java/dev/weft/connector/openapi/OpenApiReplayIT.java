package dev.weft.connector.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls of the pet store's operations on the replay of its documented API, answers and errors alike. */
class OpenApiReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = PetstoreReplay.start();
        system = PetstoreReplay.system(server, PetstoreReplay.KEY);
    }

    @AfterEach
    void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
    }

    private static JsonNode call(TestSystem on, String input) throws Exception {
        try (SystemClient client = new OpenApiConnector().open(on)) {
            return client.invoke(new Call("openapi.call", JSON.readTree(input), "k-" + input.hashCode(),
                    Duration.ofSeconds(10), new Cancellation()));
        }
    }

    private ConnectorException failure(String input) {
        try {
            JsonNode out = call(system, input);
            throw new AssertionError(input + " was expected to fail, but returned " + out);
        } catch (ConnectorException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCallGoesWhereTheDocumentSaysWithTheCredentialAndAnswersStatusHeadersAndBody() throws Exception {
        JsonNode pet = call(system, "{\"operationId\": \"getPetById\", \"petId\": 10}");
        assertThat(pet.get("status").asInt()).isEqualTo(200);
        assertThat(pet.at("/body/name").asText()).isEqualTo("doggie");
        assertThat(pet.at("/headers/content-type").asText()).isEqualTo("application/json");
        JsonNode login = call(system,
                "{\"operationId\": \"loginUser\", \"username\": \"theUser\", \"password\":"
                        + " \"12345\"}");
        assertThat(login.get("headers").get("x-rate-limit").asText()).as("a header the document declares")
                .isEqualTo("5000");
        assertThat(login.get("body").asText()).startsWith("logged in user session");

        ReplayServer.Received document = server.received().get(0);
        assertThat(document.path()).as("the relative server /api/v3 resolved against documentUrl")
                .isEqualTo(PetstoreReplay.DOCUMENT_PATH);
        assertThat(document.header("api_key")).as("the document is read without the credential").isNull();
        assertThat(server.received().get(1).header("api_key")).isEqualTo(PetstoreReplay.KEY);
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void theBodyIsGivenWholeOrAsItsPropertiesButNotBoth() throws Exception {
        assertThat(call(system, "{\"operationId\": \"addPet\", \"name\": \"doggie\", \"photoUrls\":"
                + " [\"https://img.example/d.png\"], \"status\": \"available\"}").at("/body/id").asInt())
                .isEqualTo(11);
        assertThat(call(system,
                "{\"operationId\": \"addPet\", \"body\": {\"name\": \"doggie\", \"photoUrls\":"
                        + " [\"https://img.example/d.png\"], \"status\": \"available\"}}")
                .at("/body/id").asInt())
                .isEqualTo(11);
        assertThat(failure("{\"operationId\": \"addPet\", \"body\": {\"name\": \"x\", \"photoUrls\": []},"
                + " \"status\": \"sold\"}").getMessage()).contains("'status' is not allowed beside 'body'");
        assertThat(failure("{\"operationId\": \"addPet\", \"nmae\": \"doggie\", \"photoUrls\": []}")
                .getMessage()).contains("'nmae' is not an input of this operation", "did you mean 'name'?");
        assertThat(server.received()).filteredOn(r -> r.method().equals("POST")).hasSize(2);
    }

    @Test
    void inputIsCheckedAgainstTheDocumentBeforeAnythingIsSent() {
        ConnectorException missing = failure("{\"operationId\": \"getPetById\"}");
        assertThat(missing.code()).isEqualTo("openapi.input");
        assertThat(missing.getMessage()).isEqualTo("openapi.call getPetById: parameter 'petId' (in path) is"
                + " required; give it as with.petId");
        assertThat(failure("{\"operationId\": \"addPet\", \"photoUrls\": []}").getMessage())
                .contains("openapi.call addPet", "name");
        assertThat(failure("{\"operationId\": \"findPetsByStatus\", \"status\": \"lost\"}").getMessage())
                .contains("with.status", "enum");
        assertThat(failure("{\"operationId\": \"getPetById\", \"petId\": \"ten\"}").getMessage())
                .contains("with.petId", "integer");
        assertThat(failure("{\"operationId\": \"getPetByld\"}").getMessage())
                .contains("'getPetByld' is no operation", "did you mean 'getPetById'?");
        ConnectorException unmapped = failure("{\"operationId\": \"trackOrder\", \"orderId\": 5}");
        assertThat(unmapped.code()).isEqualTo("openapi.input");
        assertThat(unmapped.getMessage()).contains("trackOrder GET /store/order/{orderId}/track",
                "cannot be called", "cookie parameter 'session'");
        // a path parameter that would be a dot segment reaches another path of the same host and credential
        for (String dots : new String[]{"..", "."}) {
            ConnectorException traversal = failure("{\"operationId\": \"getUserByName\", \"username\": \""
                    + dots + "\"}");
            assertThat(traversal.code()).as(dots).isEqualTo("openapi.invalid");
            assertThat(traversal.getMessage()).contains("path parameter 'username'",
                    "'..' reach another path");
        }
        assertThat(server.received()).as("only the document was read (by each client)")
                .extracting(ReplayServer.Received::path).containsOnly(PetstoreReplay.DOCUMENT_PATH);
    }

    @Test
    void answersOtherThan2xxBecomeTypedErrors() throws Exception {
        ConnectorException notFound = failure("{\"operationId\": \"getPetById\", \"petId\": 999}");
        assertThat(notFound.code()).isEqualTo("openapi.not_found");
        assertThat(notFound.retryable()).isFalse();
        assertThat(notFound.getMessage())
                .isEqualTo("openapi getPetById (GET /pet/{petId}) answered 404: Pet not"
                        + " found");

        ConnectorException invalid = failure(
                "{\"operationId\": \"addPet\", \"name\": \"\", \"photoUrls\": []}");
        assertThat(invalid.code()).isEqualTo("openapi.refused");
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.getMessage()).contains("422", "name must not be empty");
        assertThat(invalid.details().get("status").asInt()).isEqualTo(422);

        ConnectorException limited = failure(
                "{\"operationId\": \"placeOrder\", \"petId\": 10, \"quantity\": 50}");
        assertThat(limited.code()).isEqualTo("openapi.rate_limited");
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.rateLimited()).isTrue();
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));

        ConnectorException down = failure("{\"operationId\": \"getOrderById\", \"orderId\": 6}");
        assertThat(down.code()).isEqualTo("openapi.unavailable");
        assertThat(down.retryable()).isTrue();
        assertThat(down.getMessage()).contains("500", "the order database is unavailable");

        TestSystem wrongKey = PetstoreReplay.system(server, "wrong-key");
        try {
            assertThatThrownBy(() -> call(wrongKey, "{\"operationId\": \"getPetById\", \"petId\": 10}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("openapi.unauthorized");
                        assertThat(e.getMessage()).contains("Invalid API key", "api_key or petstore_auth")
                                .doesNotContain("wrong-key");
                    });
        } finally {
            ((JettyTransport) wrongKey.http()).close();
        }
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Test
    void theConnectionTestCallsAGetWithoutParameters() throws Exception {
        try (SystemClient client = new OpenApiConnector().open(system)) {
            assertThat(client.test().ok()).isTrue();
            assertThat(client.test().message()).contains("getInventory", "200");
        }
        assertThat(server.received()).extracting(ReplayServer.Received::exchange).contains("inventory");
    }

    @Test
    void anInlineOpenApi31DocumentAndASwagger20FileCallTheApiAtTheirBaseUrl() throws Exception {
        ObjectNode inline = JsonNodeFactory.instance.objectNode().put("baseUrl",
                server.baseUrl() + "/api/v3");
        inline.put("document", Fixtures.text(Fixtures.V31));
        TestSystem v31 = PetstoreReplay.system(inline, PetstoreReplay.KEY);
        Path file = Path.of(getClass().getClassLoader().getResource(Fixtures.V20).toURI());
        TestSystem v20 = PetstoreReplay.system(JsonNodeFactory.instance.objectNode()
                .put("documentFile", file.toString()).put("baseUrl", server.baseUrl() + "/api/v3"),
                PetstoreReplay.KEY);
        try {
            assertThat(
                    call(v31, "{\"operationId\": \"getPetById\", \"petId\": 10}").at("/body/name").asText())
                    .isEqualTo("doggie");
            assertThat(call(v31, "{\"operationId\": \"findPetsByStatus\", \"status\": \"sold\"}")
                    .at("/body/0/name").asText()).isEqualTo("rex");
            assertThat(
                    call(v20, "{\"operationId\": \"getPetById\", \"petId\": 10}").at("/body/name").asText())
                    .isEqualTo("doggie");
            assertThat(
                    call(v20, "{\"operationId\": \"placeOrder\", \"body\": {\"petId\": 10, \"quantity\": 1}}")
                            .at("/body/status").asText())
                    .isEqualTo("placed");
            assertThat(server.unmatched()).as(server.toString()).isEmpty();
        } finally {
            ((JettyTransport) v31.http()).close();
            ((JettyTransport) v20.http()).close();
        }
    }

    @Test
    void aConfigurationWithoutExactlyOneDocumentIsRefusedNamingTheFields() {
        assertThatThrownBy(() -> new OpenApiConnector().open(system.withConfig(JsonNodeFactory.instance
                .objectNode().put("baseUrl", "https://api.example.com"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("openapi.config");
                    assertThat(e.getMessage()).contains("exactly one of document (", "documentUrl",
                            "documentFile");
                });
        assertThatThrownBy(() -> new OpenApiConnector().open(system.withConfig(JsonNodeFactory.instance
                .objectNode().put("documentFile", "/etc/passwd"))))
                .hasMessageContaining("config.documentFile must be a .json, .yaml or .yml file");
        ObjectNode relative = JsonNodeFactory.instance.objectNode();
        relative.put("document", Fixtures.text(Fixtures.V30));
        assertThatThrownBy(() -> call(system.withConfig(relative), "{\"operationId\": \"getInventory\"}"))
                .hasMessageContaining(
                        "config.baseUrl is needed: the document names only the server '/api/v3'");
    }
}
