package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.engine.StoppedClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A system's {@code endpoints} and {@code fallback} against real HTTP targets through the http connector:
 * a failing endpoint's breaker opens and its calls fail over to the healthy one; a system whose target is
 * down is answered by its fallback system; the calls appear in the gateway's metrics; every request carries
 * a W3C {@code traceparent}, continuing the caller's trace through the API and the execution's in a flow.
 */
class GatewayPolicyIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    @TempDir
    Path data;
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-11-22T08:00:00Z"));
    final Target down = new Target(500);
    final Target up = new Target(200);
    WeftServer server;
    ServerCalls api;

    /** An HTTP target answering {@code status}, counting requests and keeping their traceparent headers. */
    static final class Target {
        final HttpServer http;
        final AtomicInteger received = new AtomicInteger();
        final List<String> traceparents = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();

        Target(int status) {
            try {
                http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            http.createContext("/", exchange -> {
                received.incrementAndGet();
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                if (traceparent != null) {
                    traceparents.add(traceparent);
                }
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    authorizations.add(authorization);
                }
                byte[] body = ("{\"from\": " + status + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), clock);
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.close();
        down.http.stop(0);
        up.http.stop(0);
    }

    private void put(String id, String json) throws Exception {
        HttpResponse<String> r = api.call("PUT", "/api/v1/systems/" + id, json, "application/json");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private HttpResponse<String> call(String system) throws Exception {
        return api.call("POST", "/api/v1/systems/" + system + "/operations/http.request",
                "{\"path\": \"/orders\"}",
                "application/json");
    }

    @Test
    void aFailingEndpointsBreakerOpensAndItsCallsFailOverToTheHealthyOne() throws Exception {
        put("erp", "{\"connector\": \"http\", \"config\": {}, \"policy\": {\"endpoints\": [{\"baseUrl\": \""
                + down.url() + "\"}, {\"baseUrl\": \"" + up.url() + "\"}], \"retry\": {\"maxAttempts\": 2},"
                + " \"circuitBreaker\": {\"minimumCalls\": 1, \"window\": 1, \"openDuration\": \"30s\"}}}");
        // The failing endpoint's first failure opens its breaker (and makes it suspect): no call after it.
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = call("erp");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"from\":200");
        }
        assertThat(down.received.get()).as("calls that reached the failing endpoint").isEqualTo(1);
        assertThat(up.received.get()).isEqualTo(20);
        var state = api.get("/api/v1/systems/erp").get("state");
        assertThat(state.at("/endpoints/0/baseUrl").asText()).isEqualTo(down.url());
        assertThat(state.at("/endpoints/0/circuitBreaker/state").asText()).isEqualTo("open");
        assertThat(state.at("/endpoints/1/circuitBreaker/state").asText()).isEqualTo("closed");
        assertThat(state.at("/circuitBreaker/state").asText()).isEqualTo("closed");

        // After the open duration (on the server's clock) the failing endpoint gets one trial call.
        clock.advance(Duration.ofSeconds(31));
        assertThat(call("erp").statusCode()).isEqualTo(200);
        assertThat(down.received.get()).isEqualTo(2);

        HttpResponse<String> both = api.call("PUT", "/api/v1/systems/bad",
                "{\"connector\": \"http\", \"config\":"
                        + " {\"baseUrl\": \"" + up.url()
                        + "\"}, \"policy\": {\"endpoints\": [{\"baseUrl\": \"" + up.url()
                        + "\"}]}}",
                "application/json");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).contains("policy.endpoints: replaces config.baseUrl");
    }

    @Test
    void aSystemThatIsDownIsAnsweredByItsFallbackSystemAndTheMetricsSaySo() throws Exception {
        put("spare", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + up.url() + "\"}}");
        put("main", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + down.url() + "\"},"
                + " \"policy\": {\"fallback\": {\"system\": \"spare\"}}}");
        HttpResponse<String> r = call("main");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"from\":200");
        assertThat(down.received.get()).isEqualTo(1);
        assertThat(up.received.get()).isEqualTo(1);

        put("fixed", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + down.url() + "\"},"
                + " \"policy\": {\"fallback\": {\"value\": {\"status\": 200, \"body\": {\"cached\": true}}}}}");
        assertThat(call("fixed").body()).contains("\"cached\":true");

        HttpResponse<String> metrics = api.call("GET", "/metrics", null, null);
        assertThat(metrics.body())
                .contains("weft_gateway_calls_seconds_count{operation=\"http.request\",outcome=\"fallback\","
                        + "system=\"main\"} 1")
                .contains("weft_gateway_calls_seconds_count{operation=\"http.request\",outcome=\"ok\","
                        + "system=\"spare\"} 1");

        HttpResponse<String> wrong = api.call("PUT", "/api/v1/systems/loop",
                "{\"connector\": \"http\", \"config\":"
                        + " {}, \"policy\": {\"fallback\": {\"system\": \"loop\"}}}",
                "application/json");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("policy.fallback.system: cannot be the system itself");
    }

    @Test
    void requestsCarryATraceparentContinuingTheCallersOrTheExecutionsTrace() throws Exception {
        put("erp", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + up.url() + "\"}}");
        String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/systems/erp/operations/http.request"))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .header("traceparent", caller)
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"/x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(up.traceparents).singleElement().asString()
                .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                .doesNotContain("00f067aa0ba902b7");

        HttpResponse<String> deployed = api.call("PUT", "/api/v1/flows/calls/traced",
                "id: traced\nnamespace: calls\n"
                        + "steps:\n  - {id: c, type: call, system: erp, operation: http.request, with: {path: /y}}\n",
                "application/yaml");
        assertThat(deployed.statusCode()).as(deployed.body()).isIn(200, 201);
        HttpResponse<String> started = api.call("POST", "/api/v1/flows/calls/traced/executions", "{}",
                "application/json");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = ServerCalls.JSON.readTree(started.body()).get("id").asText();
        assertThat(api.awaitEnd(id, Duration.ofSeconds(30)).get("status").asText()).isEqualTo("succeeded");
        assertThat(up.traceparents).hasSize(2);
        assertThat(up.traceparents.get(1)).startsWith("00-" + id.replace("-", "") + "-");
    }

    @Test
    void aCredentialReplacedInTheVaultReachesTheSystemsClientWithoutSavingTheSystem() throws Exception {
        assertThat(api.call("PUT", "/api/v1/credentials/erp-token",
                "{\"type\": \"bearer\", \"token\": \"first-token\"}",
                "application/json").statusCode()).isEqualTo(201);
        put("erp", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + up.url() + "\"},"
                + " \"credential\": \"erp-token\"}");
        assertThat(call("erp").statusCode()).isEqualTo(200);
        assertThat(api.call("PUT", "/api/v1/credentials/erp-token",
                "{\"type\": \"bearer\", \"token\": \"second-token\"}",
                "application/json").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(11)); // the gateway reads systems and credentials again after 10 s
        assertThat(call("erp").statusCode()).isEqualTo(200);
        assertThat(up.authorizations).containsExactly("Bearer first-token", "Bearer second-token");
    }
}
