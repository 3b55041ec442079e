package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status of a failed call through {@code POST /api/v1/systems/{id}/operations/{op}} says why: 429 with
 * Retry-After when the gateway's rate limiter or bulkhead refused it, the target's own 4xx when it refused
 * the request, 502 when it failed. Against a real HTTP server on this machine.
 */
class OperationStatusIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    @TempDir
    Path data;
    final AtomicInteger received = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    HttpServer target;
    WeftServer server;
    ServerCalls api;

    @BeforeEach
    void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/", exchange -> {
            received.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/slow")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = path.equals("/missing") ? 404 : path.equals("/broken") ? 500 : 200;
            byte[] body = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
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

    private void system(String id, String policy) throws Exception {
        HttpResponse<String> put = api.call("PUT", "/api/v1/systems/" + id,
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"http://127.0.0.1:"
                        + target.getAddress().getPort() + "\"}, \"policy\": " + policy + "}",
                "application/json");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }

    private HttpResponse<String> call(String system, String path) throws Exception {
        return api.call("POST", "/api/v1/systems/" + system + "/operations/http.request",
                "{\"path\": \"" + path + "\"}", "application/json");
    }

    private static String error(HttpResponse<String> r) throws Exception {
        JsonNode body = ServerCalls.JSON.readTree(r.body());
        return body.path("error").asText();
    }

    @Test
    void aCallBeyondTheRateLimitIsAnswered429WithRetryAfter() throws Exception {
        system("limited", "{\"rateLimit\": {\"permits\": 1, \"period\": \"1h\"}}");
        assertThat(call("limited", "/a").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = call("limited", "/a");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(error(refused)).isEqualTo("gateway.rate_limited");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(received.get()).isEqualTo(1);
    }

    @Test
    void aCallFindingTheBulkheadFullIsAnswered429WithRetryAfter() throws Exception {
        system("narrow", "{\"bulkhead\": {\"maxConcurrent\": 1}}");
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return call("narrow", "/slow");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Eventually.until("the first call reached the target", Duration.ofSeconds(10),
                () -> received.get() == 1);

        HttpResponse<String> refused = call("narrow", "/a");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(error(refused)).isEqualTo("gateway.bulkhead_full");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

        release.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void theTargetsOwn4xxIsPassedOnAndA5xxIs502() throws Exception {
        system("plain", "{}");
        HttpResponse<String> missing = call("plain", "/missing");
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
        assertThat(error(missing)).isEqualTo("http.status");
        assertThat(missing.headers().firstValue("Retry-After")).isEmpty();

        HttpResponse<String> broken = call("plain", "/broken");
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(502);
        assertThat(error(broken)).isEqualTo("http.status");
    }
}
