package dev.weft.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.WeftServer;
import dev.weft.server.config.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's pieces against an in-process server on SQLite: the flow deploys, signed deliveries
 * get the flow's answer through the stub, and a wrong answer counts as an error, not as a success.
 */
class WebhookLoadIT {
    static final String ADMIN_KEY = "bench-it-admin-key-0123456789";
    static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("bench-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path data;
    StubServer stub;
    WeftServer server;
    LoadClient client;

    @BeforeEach
    void start() throws Exception {
        stub = StubServer.start(0);
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(java.util.List.of("127.0.0.1/32")),
                Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), Clock.systemUTC());
        HttpClient http = HttpClient.newHttpClient();
        put(http, "/api/v1/credentials/" + Orders.CREDENTIAL, "application/json",
                "{\"type\":\"secret\",\"value\":\"" + SECRET + "\"}");
        put(http, "/api/v1/flows/bench/orders", "application/yaml",
                flow().replace("STUB_URL", "http://127.0.0.1:" + stub.port()));
        client = new LoadClient(URI.create(base() + Orders.PATH), 4, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void aSignedDeliveryGetsTheRespondStepsAnswerBuiltFromTheStubsReply() throws Exception {
        Orders.Order order = new Orders.Order("it-1", 3, 250);

        LoadClient.Answer answer = client.post(new Orders(SECRET).delivery(order));

        assertThat(Orders.problem(order, answer.status(), answer.executionId(), answer.body()))
                .as(new String(answer.body(), StandardCharsets.UTF_8)).isNull();
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"order\":\"it-1\"");
    }

    @Test
    void aLevelCountsCheckedAnswersAndRefusedDeliveriesAsErrors() throws Exception {
        var good = new LoadLevel(client, new Orders(SECRET), "good")
                .run(2, Duration.ZERO, Duration.ofMillis(500), WebhookLoad.Cpu.NONE);
        assertThat(good.errors()).as(good.errorSamples().toString()).isZero();
        assertThat(good.requests()).isPositive();
        assertThat(good.latencyNanos().getTotalCount()).isEqualTo(good.requests());

        String wrongSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        var refused = new LoadLevel(client, new Orders(wrongSecret), "bad")
                .run(2, Duration.ZERO, Duration.ofMillis(300), WebhookLoad.Cpu.NONE);
        assertThat(refused.requests()).isZero();
        assertThat(refused.errors()).isPositive();
        assertThat(refused.errorKinds()).containsOnlyKeys("status 401");
    }

    @Test
    void everyRunOfALoadSendsNewDeliveries() throws Exception {
        // A second run that repeated the first's webhook-ids would be answered from the first run's
        // executions; the load counts an execution id it has seen before as an error.
        var load = new LoadLevel(client, new Orders(SECRET), "same");
        // Windows long enough for a cold server on a busy machine to answer some deliveries in each.
        var first = load.run(2, Duration.ZERO, Duration.ofSeconds(2), WebhookLoad.Cpu.NONE);
        var second = load.run(2, Duration.ZERO, Duration.ofSeconds(1), WebhookLoad.Cpu.NONE);
        assertThat(first.requests()).isPositive();
        assertThat(second.errors()).as(second.errorSamples().toString()).isZero();
        assertThat(second.requests()).isPositive();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private void put(HttpClient http, String path, String type, String body) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static String flow() throws IOException {
        try (InputStream in = WebhookLoadIT.class.getResourceAsStream("orders.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
