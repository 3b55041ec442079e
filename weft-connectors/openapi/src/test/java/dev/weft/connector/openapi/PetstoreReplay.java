package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pet store on a replay of its documented API ({@code replay/petstore.json}), which also serves the
 * OpenAPI 3.0 document at {@code /api/v3/openapi.yaml}; systems read it from there and send their API key
 * in the header {@code api_key}, as the gateway's API key auth does.
 */
final class PetstoreReplay {
    static final String KEY = "canary-petstore-api-key-7c1f3e9a";
    static final String DOCUMENT_PATH = "/api/v3/openapi.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PetstoreReplay() {
    }

    static ReplayServer start() {
        try (InputStream in = PetstoreReplay.class.getClassLoader()
                .getResourceAsStream("replay/petstore.json")) {
            ObjectNode file = (ObjectNode) JSON.readTree(in);
            ObjectNode document = JsonNodeFactory.instance.objectNode().put("name", "the OpenAPI document");
            document.putObject("request").put("method", "GET").put("path", DOCUMENT_PATH);
            ObjectNode response = document.putObject("response").put("status", 200);
            response.putObject("headers").put("Content-Type", "application/yaml");
            response.put("body", Fixtures.text(Fixtures.V30));
            ((ArrayNode) file.get("exchanges")).insert(0, document);
            return ReplayServer.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A system that reads its document from {@code server} and sends {@code key}; close its transport. */
    static TestSystem system(ReplayServer server, String key) throws ConnectorException {
        return system(
                JsonNodeFactory.instance.objectNode().put("documentUrl", server.baseUrl() + DOCUMENT_PATH),
                key);
    }

    static TestSystem system(JsonNode config, String key) throws ConnectorException {
        TestSystem system = TestSystem.named("pets").withConfig(config)
                .withCredential(new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "api_key", key))
                .withHeaderAuth(Map.of("api_key", key));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }
}
