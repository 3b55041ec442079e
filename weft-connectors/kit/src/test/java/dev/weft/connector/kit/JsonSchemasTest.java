package dev.weft.connector.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefOrMetaSchemaNamingAUrlOrAFileIsRefusedWithoutBeingFetched() throws Exception {
        List<String> reached = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            reached.add(exchange.getRequestURI().toString());
            byte[] body = "{\"type\": \"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/meta";
            for (String schema : List.of("{\"$ref\": \"" + url + "\"}", "{\"$schema\": \"" + url + "\"}",
                    "{\"$ref\": \"file:///etc/passwd\"}", "{\"$schema\": \"file:///etc/passwd\"}")) {
                assertThatThrownBy(() -> JsonSchemas.local().getSchema(JSON.readTree(schema))
                        .validate(JSON.readTree("1"))).as(schema).isInstanceOf(RuntimeException.class);
            }
            assertThat(reached).as("requests the validator sent by itself").isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theDraft202012AndDraft07MetaSchemasComeFromTheValidatorsJar() throws Exception {
        for (String dialect : List.of("https://json-schema.org/draft/2020-12/schema",
                "http://json-schema.org/draft-07/schema#")) {
            var schema = JSON.readTree("{\"$schema\": \"" + dialect + "\", \"type\": \"object\","
                    + " \"properties\": {\"n\": {\"type\": \"integer\"}}}");
            assertThat(JsonSchemas.local().getSchema(schema).validate(JSON.readTree("{\"n\": \"x\"}")))
                    .as(dialect).hasSize(1);
            assertThat(JsonSchemas.local().getSchema(schema).validate(JSON.readTree("{\"n\": 3}")))
                    .as(dialect).isEmpty();
        }
    }
}
