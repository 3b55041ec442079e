package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.kit.JsonApi;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server at the system's baseUrl that is not an OpenAI-compatible API: a proxy's page or a debug endpoint
 * that quotes the request's key back, an event stream that is not JSON, a stream that never breaks its line.
 * No vendor documents these; the server is the test's own, on loopback, reached through the platform's
 * transport. The key never reaches an error, and nothing is read without a bound.
 */
class NotTheApiIT {
    private HttpServer server;
    private TestSystem system;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
        TestSystem named = TestSystem.named("proxied")
                .withConfig(JsonNodeFactory.instance.objectNode()
                        .put("baseUrl", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                        .put("model", "gpt-4o-mini"))
                .withCredential(new Credential.Bearer(LlmReplay.KEY))
                .withHeaderAuth(Map.of("Authorization", "Bearer " + LlmReplay.KEY));
        system = named.withHttp(JettyTransport.start(named.systemId(), named.egress(), named.auth()));
    }

    @AfterEach
    void stop() {
        LlmReplay.close(system);
        server.stop(0);
    }

    /** What the request's user message asks for, with the request's own Authorization header quoted. */
    private void answer(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (request.contains("endless")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: ".getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    out.write(chunk); // until the client hangs up
                }
            } catch (IOException hungUp) {
                return;
            }
        }
        String type;
        String body;
        if (request.contains("html")) {
            type = "text/html";
            body = "<html><body>Upstream refused: Authorization: " + authorization + "</body></html>";
        } else if (request.contains("no choices")) {
            type = "application/json";
            body = "{\"debug\": {\"authorization\": \"" + authorization + "\"}}";
        } else {
            type = "text/event-stream";
            body = "data: upstream refused " + authorization + "\n\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void fails(String content, boolean stream, Consumer<ConnectorException> check) {
        String input = "{\"stream\": " + stream + ", \"messages\": [{\"role\": \"user\", \"content\": \""
                + content
                + "\"}]}";
        assertThatThrownBy(() -> LlmReplayIT.call(system, "llm.chat", input))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(LlmReplay.KEY);
                    assertThat(e.details() == null ? "" : e.details().toString())
                            .doesNotContain(LlmReplay.KEY);
                    check.accept(e);
                });
    }

    @Test
    void anAnswerThatIsNotTheApiIsRefusedWithoutTheKeyItQuotes() {
        fails("html", false, e -> {
            assertThat(e.code()).isEqualTo("llm.not_api");
            assertThat(e.getMessage()).contains("Upstream refused", "[hidden]", "config.baseUrl");
        });
        fails("no choices", false, e -> {
            assertThat(e.code()).isEqualTo("llm.not_api");
            assertThat(e.getMessage()).contains("choices[0]", "[hidden]");
        });
        fails("html", true, e -> {
            assertThat(e.code()).isEqualTo("llm.not_api");
            assertThat(e.getMessage()).contains("no data: events", "text/html");
        });
        fails("an event", true, e -> {
            assertThat(e.code()).isEqualTo("llm.not_api");
            assertThat(e.getMessage()).contains("not JSON", "upstream refused", "[hidden]");
        });
    }

    @Test
    void aStreamedLineThatNeverEndsFailsAtTheBound() {
        fails("endless", true, e -> {
            assertThat(e.code()).isEqualTo("llm.too_large");
            assertThat(e.getMessage()).contains(JsonApi.MAX_ANSWER_BYTES + " bytes");
        });
    }
}
