package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.Inputs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Review (issue 16): a step's schema must load nothing from outside the JVM. A {@code $schema} naming a URL is
 * fetched by the validator itself (networknt's meta-schema loader), around the platform's transport and egress
 * guard, to any address, loopback included. Disabled until SchemaCheck uses a factory that loads nothing (as
 * weft-engine's {@code JsonSchemas.local()} does); it fails without the annotation.
 */
class SchemaFetchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Disabled("review2: SchemaCheck fetches a $schema URL around the egress guard; remove when fixed")
    void aSchemaWhoseMetaSchemaIsAUrlReachesNoServer() throws Exception {
        List<String> reached = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            reached.add(ex.getRequestURI().toString());
            byte[] body = "{\"type\": \"object\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/meta";
            catchThrowable(() -> SchemaCheck.of(Inputs.ofOperation("llm.extract"), "schema",
                    JSON.readTree("{\"$schema\": \"" + url + "\", \"type\": \"object\"}")));

            assertThat(reached).as("requests the validator sent by itself").isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
