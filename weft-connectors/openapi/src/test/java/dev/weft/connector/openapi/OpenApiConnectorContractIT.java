package dev.weft.connector.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract on the pet store's OpenAPI 3.0 document, read from the replay of the pet store's
 * documented API, with an API key that must never come back in an output or an error.
 */
class OpenApiConnectorContractIT extends ConnectorContract {
    private static ReplayServer server;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        server = PetstoreReplay.start();
        system = PetstoreReplay.system(server, PetstoreReplay.KEY);
    }

    /** Every request the contract made was one the pet store documents (the replay matched it). */
    @AfterAll
    static void stop() {
        ((JettyTransport) system.http()).close();
        server.close();
        assertThat(server.unmatched()).as(server.toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new OpenApiConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(call("openapi.call", "{\"operationId\": \"getPetById\", \"petId\": 10}"),
                call("openapi.call", "{\"operationId\": \"findPetsByStatus\", \"status\": \"sold\"}"),
                call("openapi.call", "{\"operationId\": \"addPet\", \"name\": \"doggie\", \"photoUrls\":"
                        + " [\"https://img.example/d.png\"], \"status\": \"available\"}"),
                call("openapi.call",
                        "{\"operationId\": \"updatePet\", \"body\": {\"id\": 10, \"name\": \"doggie\","
                                + " \"photoUrls\": [], \"status\": \"sold\"}}"),
                call("openapi.call", "{\"operationId\": \"deletePet\", \"petId\": \"10\"}"),
                call("openapi.call", "{\"operationId\": \"getInventory\"}"),
                call("openapi.call", "{\"operationId\": \"placeOrder\", \"petId\": 10, \"quantity\": 1}"),
                call("openapi.call", "{\"operationId\": \"getOrderById\", \"orderId\": 5}"),
                call("openapi.call", "{\"operationId\": \"createUser\", \"body\": {\"username\": \"theUser\","
                        + " \"email\": \"john@email.com\"}}"),
                call("openapi.call",
                        "{\"operationId\": \"loginUser\", \"username\": \"theUser\", \"password\":"
                                + " \"12345\"}"),
                call("openapi.operations", "{}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("openapi.call", "{\"operationId\": \"getPetById\", \"petId\": 999}"),
                call("openapi.call", "{\"operationId\": \"getPetById\"}"),
                call("openapi.call", "{\"operationId\": \"getPetByName\", \"name\": \"rex\"}"),
                call("openapi.call", "{\"operationId\": \"uploadFile\", \"petId\": 10}"),
                call("openapi.call", "{\"operationId\": \"addPet\", \"name\": \"\", \"photoUrls\": []}"),
                call("openapi.call", "{\"operationId\": \"findPetsByStatus\", \"status\": \"lost\"}"),
                call("openapi.call", "{\"operationId\": \"placeOrder\", \"petId\": 10, \"quantity\": 50}"),
                call("openapi.call", "{\"operationId\": \"getOrderById\", \"orderId\": 6}"));
    }
}
