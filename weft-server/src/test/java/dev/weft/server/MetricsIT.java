package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented execution metrics, read from {@code /metrics} of a running server: started executions
 * are counted by flow and trigger, and an execution whose call is in flight is in flight until it ends.
 */
class MetricsIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    @TempDir
    Path data;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch called = new CountDownLatch(1);
    HttpServer target;
    WeftServer server;
    ServerCalls api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        target.createContext("/", exchange -> {
            called.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY),
                Clock.systemUTC());
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
        target.stop(0);
    }

    @Test
    void startedExecutionsAreCountedAndOneWithACallInFlightIsInFlightUntilItEnds() throws Exception {
        api.deploy("ops", "slow", """
                id: slow
                namespace: ops
                steps:
                  - id: fetch
                    type: call
                    operation: http.request
                    with: {url: "{{ input.url }}"}
                """);
        api.deploy("ops", "quick", """
                id: quick
                namespace: ops
                triggers:
                  - {type: webhook, path: quick, verify: {scheme: none}}
                steps:
                  - {id: shape, type: transform, output: done}
                """);
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/orders";
        HttpResponse<String> started = api.call("POST", "/api/v1/flows/ops/slow/executions",
                "{\"url\": \"" + url + "\"}", "application/json");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String slow = ServerCalls.JSON.readTree(started.body()).get("id").asText();
        assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(metric("weft_executions_in_flight")).isEqualTo(1.0);

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> hook = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/hooks/ops/quick")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hook.statusCode()).as(hook.body()).isEqualTo(202);
            api.awaitEnd(ServerCalls.JSON.readTree(hook.body()).get("executionId").asText(),
                    Duration.ofSeconds(30));
        }
        release.countDown();
        assertThat(api.awaitEnd(slow, Duration.ofSeconds(30)).get("status").asText()).isEqualTo("succeeded");

        assertThat(metric("weft_executions_started_total{flow=\"ops/slow\",trigger=\"manual\"}"))
                .isEqualTo(1.0);
        assertThat(metric("weft_executions_started_total{flow=\"ops/quick\",trigger=\"webhook\"}"))
                .isEqualTo(2.0);
        Eventually.until("nothing in flight", Duration.ofSeconds(30),
                () -> metric("weft_executions_in_flight") == 0.0);
    }

    /** The value of one series in the scrape; fails when it is not there. */
    private double metric(String series) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
