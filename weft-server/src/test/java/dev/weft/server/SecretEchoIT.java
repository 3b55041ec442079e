package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A target that echoes the request it was sent (its headers, its URL) must not bring a credential's value
 * back into Weft: not into the operations API's answer, a step's output, the execution's error, or the data
 * directory. Canary values, looked for as sent, URL-encoded and in Base64.
 */
class SecretEchoIT extends ServerFixture {
    static final String PASSWORD = "canary-basic-password-7Qx";
    static final String TOKEN = "canary-bearer-token-4Fz";
    static final String API_KEY = "canary api+key/value=9Kp";
    static final String CLIENT_SECRET = "canary-client-secret-2Wd";
    /** What a secret is replaced with. */
    static final String MASK = "***";

    HttpServer remote;

    @BeforeEach
    void startRemote() throws Exception {
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/echo", exchange -> respond(exchange, 200, echo(exchange)));
        remote.createContext("/echo-refused", exchange -> respond(exchange, 403, echo(exchange)));
        // An OAuth 2.0 token endpoint that quotes the client's Basic header in its error (seen in the wild).
        remote.createContext("/token", exchange -> {
            String basic = exchange.getRequestHeaders().getFirst("Authorization");
            ObjectNode error = ServerCalls.JSON.createObjectNode();
            error.put("error", "invalid_client " + basic);
            error.put("error_description", "client authentication failed for header " + basic);
            respond(exchange, 401, error.toString());
        });
        remote.start();
    }

    @Override
    ServerSettings settings() {
        return super.settings().withEgressAllow(List.of("127.0.0.1/32"));
    }

    @AfterEach
    void stopRemote() {
        remote.stop(0);
    }

    private static String echo(HttpExchange exchange) {
        ObjectNode body = ServerCalls.JSON.createObjectNode();
        body.put("url", exchange.getRequestURI().toString());
        ObjectNode headers = body.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return body.toString();
    }

    private String base() {
        return "http://127.0.0.1:" + remote.getAddress().getPort();
    }

    private void put(String path, String body) throws Exception {
        HttpResponse<String> r = api.call("PUT", path, body, "application/json");
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
    }

    private void system(String name, String credentialJson) throws Exception {
        put("/api/v1/credentials/" + name, credentialJson);
        put("/api/v1/systems/" + name, "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + base()
                + "\"}, \"credential\": \"" + name + "\"}");
    }

    /** Every form a target could echo the canaries in. */
    private static List<String> forms() {
        List<String> forms = new ArrayList<>();
        for (String secret : List.of(PASSWORD, TOKEN, API_KEY, CLIENT_SECRET, "partner:" + PASSWORD,
                "weft-client:" + CLIENT_SECRET)) {
            forms.add(secret);
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
        return forms;
    }

    private static void assertNoSecretIn(String where, String text) {
        for (String form : forms()) {
            assertThat(text).as(where + " holds a form of a secret: " + form).doesNotContain(form);
        }
    }

    @Test
    void anEchoedCredentialIsMaskedInTheAnswerTheStepOutputAndTheStore() throws Exception {
        system("basic",
                "{\"type\": \"basic\", \"username\": \"partner\", \"password\": \"" + PASSWORD + "\"}");
        system("bearer", "{\"type\": \"bearer\", \"token\": \"" + TOKEN + "\"}");
        system("query", "{\"type\": \"apiKey\", \"in\": \"query\", \"name\": \"key\", \"value\": \"" + API_KEY
                + "\"}");

        for (String system : List.of("basic", "bearer", "query")) {
            HttpResponse<String> answer = api.call("POST", "/api/v1/systems/" + system
                    + "/operations/http.request", "{\"path\": \"/echo\"}", "application/json");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertNoSecretIn(system + "'s answer", answer.body());
            assertThat(answer.body()).as(system).contains(MASK).contains("/echo");

            HttpResponse<String> refused = api.call("POST", "/api/v1/systems/" + system
                    + "/operations/http.request", "{\"path\": \"/echo-refused\"}", "application/json");
            assertNoSecretIn(system + "'s refusal", refused.body());
        }

        api.deploy("shop", "forward",
                """
                        id: forward
                        namespace: shop
                        steps:
                          - {id: ask, type: call, system: basic, operation: http.request, with: {path: /echo}}
                          - {id: next, type: transform, output: "{{ ask.body.headers }}"}
                          - {id: again, type: call, system: bearer, operation: http.request, with: {path: /echo-refused}}
                        """);
        HttpResponse<String> started = api.call("POST", "/api/v1/flows/shop/forward/executions", "{}",
                "application/json");
        String id = ServerCalls.JSON.readTree(started.body()).get("id").asText();
        JsonNode done = api.awaitEnd(id, Duration.ofSeconds(30));
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertNoSecretIn("the execution", done.toString());
        assertNoSecretIn("the execution's steps",
                api.call("GET", "/api/v1/executions/" + id, null, null).body());
        assertThat(done.toString()).contains(MASK);

        server.close();
        server = null;
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertNoSecretIn(file.toString(), bytes);
            }
        }
    }

    @Test
    void aTokenEndpointThatQuotesTheClientsBasicHeaderDoesNotPutItInTheError() throws Exception {
        system("crm", "{\"type\": \"oauth2ClientCredentials\", \"tokenUrl\": \"" + base()
                + "/token\", \"clientId\": \"weft-client\", \"clientSecret\": \"" + CLIENT_SECRET + "\"}");

        HttpResponse<String> answer = api.call("POST", "/api/v1/systems/crm/operations/http.request",
                "{\"path\": \"/echo\"}", "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isGreaterThanOrEqualTo(400);
        assertThat(answer.body()).contains("invalid_client").contains(MASK);
        assertNoSecretIn("the refusal", answer.body());
    }
}
