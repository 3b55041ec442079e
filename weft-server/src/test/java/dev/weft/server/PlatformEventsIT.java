package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.engine.StoppedClock;
import dev.weft.testkit.webhooks.WebhookReceiver;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's own events that are no engine's change, read back through {@code GET /api/v1/events}: a
 * system's breaker opening and closing again, and a credential replaced through the API (but not created).
 */
class PlatformEventsIT extends ServerFixture {
    static final String SECRET = "canary-password-r0tat3d";
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-06T08:00:00Z"));
    final AtomicInteger status = new AtomicInteger(500);
    HttpServer target;

    @Override
    ServerSettings settings() {
        return super.settings().withEgressAllow(List.of("127.0.0.1/32"));
    }

    @Override
    Clock clock() {
        return clock;
    }

    @BeforeEach
    void startTarget() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> respond(exchange, status.get(), "{\"ok\": true}"));
        target.start();
    }

    @AfterEach
    void stopTarget() {
        target.stop(0);
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return api.call("PUT", path, body, "application/json");
    }

    private HttpResponse<String> call() throws Exception {
        return api.call("POST", "/api/v1/systems/erp/operations/http.request", "{\"path\": \"/orders\"}",
                "application/json");
    }

    @Test
    void aSystemsBreakerOpeningAndClosingAgainIsInTheTenantsFeed() throws Exception {
        HttpResponse<String> system = put("/api/v1/systems/erp", "{\"connector\": \"http\", \"config\":"
                + " {\"baseUrl\": \"http://127.0.0.1:" + target.getAddress().getPort() + "\"}, \"policy\":"
                + " {\"circuitBreaker\": {\"minimumCalls\": 2, \"window\": 2, \"failureRate\": 50,"
                + " \"openDuration\": \"1s\", \"halfOpenCalls\": 1}}}");
        assertThat(system.statusCode()).as(system.body()).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            assertThat(call().statusCode()).isEqualTo(502);
        }
        assertThat(call().statusCode()).as("the breaker is open").isEqualTo(503);

        JsonNode opened = api.awaitEvents("system.breaker_opened", 1).get(0);
        assertThat(opened.get("payload")).isEqualTo(ServerCalls.JSON.readTree(
                "{\"system\": \"erp\", \"state\": \"open\", \"from\": \"closed\", \"failureRate\": 100.0}"));
        assertThat(opened.get("occurredAt").asText()).isEqualTo(clock.instant().toString());

        // After the open duration (on the server's clock) one trial call succeeds: the breaker closes.
        status.set(200);
        clock.advance(Duration.ofSeconds(2));
        assertThat(call().statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/systems/erp").at("/state/circuitBreaker/state").asText())
                .isEqualTo("closed");

        JsonNode closed = api.awaitEvents("system.breaker_closed", 1).get(0);
        assertThat(closed.get("payload")).isEqualTo(ServerCalls.JSON.readTree(
                "{\"system\": \"erp\", \"state\": \"closed\", \"from\": \"half_open\", \"failureRate\": null}"));
        // Half-open was a trial, not an event; the feed holds the opening, then the closing.
        List<String> types = new java.util.ArrayList<>();
        api.get("/api/v1/events").get("items").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("system.breaker_opened", "system.breaker_closed");
    }

    @Test
    void aPlatformEventIsDeliveredToTheEndpointsThatSubscribeToIt() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            HttpResponse<String> endpoint = api.call("POST", "/api/v1/webhooks/endpoints", "{\"url\": \""
                    + receiver.url("/weft") + "\", \"events\": [\"credential.*\"]}", "application/json");
            assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
            String body = "{\"type\": \"bearer\", \"token\": \"" + SECRET + "\"}";
            assertThat(put("/api/v1/credentials/crm-token", body).statusCode()).isEqualTo(201);
            assertThat(put("/api/v1/credentials/crm-token", body).statusCode()).isEqualTo(200);

            dev.weft.testkit.Eventually.until("the receiver got the rotation", Duration.ofSeconds(20),
                    () -> receiver.received("/weft").size() == 1);
            JsonNode sent = ServerCalls.JSON.readTree(receiver.received("/weft").get(0).body());
            assertThat(sent.get("type").asText()).isEqualTo("credential.rotated");
            assertThat(sent.get("data")).isEqualTo(ServerCalls.JSON.readTree(
                    "{\"credential\": \"crm-token\", \"type\": \"bearer\", \"version\": 2}"));
            assertThat(receiver.received("/weft").get(0).body()).doesNotContain(SECRET);
        }
    }

    @Test
    void aCredentialReplacedThroughTheApiIsARotationButACreatedOneIsNot() throws Exception {
        String body = "{\"type\": \"basic\", \"username\": \"svc\", \"password\": \"" + SECRET + "\"}";
        assertThat(put("/api/v1/credentials/erp-login", body).statusCode()).isEqualTo(201);
        assertThat(put("/api/v1/credentials/erp-login", body.replace(SECRET, SECRET + "-2")).statusCode())
                .isEqualTo(200);
        // Created, not rotated: a second credential marks where the first one's events end.
        assertThat(
                put("/api/v1/credentials/crm-token", "{\"type\": \"bearer\", \"token\": \"" + SECRET + "\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(
                put("/api/v1/credentials/crm-token", "{\"type\": \"bearer\", \"token\": \"x" + SECRET + "\"}")
                        .statusCode())
                .isEqualTo(200);

        List<JsonNode> rotated = api.awaitEvents("credential.rotated", 2);
        assertThat(rotated).hasSize(2);
        assertThat(rotated.get(0).get("payload")).isEqualTo(ServerCalls.JSON.readTree(
                "{\"credential\": \"erp-login\", \"type\": \"basic\", \"version\": 2}"));
        assertThat(rotated.get(1).get("payload")).isEqualTo(ServerCalls.JSON.readTree(
                "{\"credential\": \"crm-token\", \"type\": \"bearer\", \"version\": 2}"));
        assertThat(api.get("/api/v1/events").toString()).doesNotContain(SECRET);
    }
}
