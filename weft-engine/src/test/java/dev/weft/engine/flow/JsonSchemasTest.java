package dev.weft.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefToAUrlIsRefusedWithoutFetchingIt() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger fetched = new AtomicInteger();
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "{\"type\": \"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.json";
            var schema = JSON.readTree("{\"$ref\": \"" + url + "\"}");
            assertThatThrownBy(() -> JsonSchemas.local().getSchema(schema).validate(JSON.readTree("1")))
                    .isInstanceOf(RuntimeException.class);
            var file = JSON.readTree("{\"$ref\": \"file:///etc/passwd\"}");
            assertThatThrownBy(() -> JsonSchemas.local().getSchema(file).validate(JSON.readTree("1")))
                    .isInstanceOf(RuntimeException.class);
            assertThat(fetched).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void localRefsAndTheMetaSchemaStillWork() throws Exception {
        var schema = JSON.readTree("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$defs": {"n": {"type": "integer"}}, "type": "object",
                 "properties": {"amount": {"$ref": "#/$defs/n"}}}""");
        assertThat(JsonSchemas.local().getSchema(schema).validate(JSON.readTree("{\"amount\": \"x\"}")))
                .hasSize(1);
        assertThat(JsonSchemas.local().getSchema(schema).validate(JSON.readTree("{\"amount\": 3}")))
                .isEmpty();
    }
}
