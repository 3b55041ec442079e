package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.engine.StoppedClock;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's must-hold: a system answering 500 opens its circuit breaker after the configured failures;
 * calls then fail fast with 503 and Retry-After (the system sees none of them) and its state says open; after the open duration
 * (on the server's clock, moved by the test) it half-opens, and closes again when the system recovers.
 */
class CircuitBreakerIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    @TempDir
    Path data;
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-11-22T08:00:00Z"));
    final AtomicInteger status = new AtomicInteger(500);
    final AtomicInteger received = new AtomicInteger();
    HttpServer target;
    WeftServer server;
    ServerCalls api;

    @BeforeEach
    void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            received.incrementAndGet();
            byte[] body = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (status.get() == 429) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            exchange.sendResponseHeaders(status.get(), body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), clock);
        api = new ServerCalls(server.port(), ADMIN_KEY);
        HttpResponse<String> put = api.call("PUT", "/api/v1/systems/erp",
                "{\"connector\": \"http\", \"config\":"
                        + " {\"baseUrl\": \"http://127.0.0.1:" + target.getAddress().getPort()
                        + "\"}, \"policy\":"
                        + " {\"circuitBreaker\": {\"minimumCalls\": 4, \"window\": 4, \"failureRate\": 50,"
                        + " \"openDuration\": \"30s\", \"halfOpenCalls\": 2}}}",
                "application/json");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        target.stop(0);
    }

    private HttpResponse<String> call() throws Exception {
        return api.call("POST", "/api/v1/systems/erp/operations/http.request", "{\"path\": \"/orders\"}",
                "application/json");
    }

    private String error(HttpResponse<String> r) throws Exception {
        return ServerCalls.JSON.readTree(r.body()).path("error").asText();
    }

    private JsonNode breaker() throws Exception {
        return api.get("/api/v1/systems/erp").at("/state/circuitBreaker");
    }

    @Test
    void aSystemRefusingForItsRateLimitIsNotCountedAsFailingAndItsRetryAfterIsPassedOn() throws Exception {
        status.set(429);
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = call();
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(ServerCalls.JSON.readTree(r.body()).at("/details/0/details/rateLimited").asBoolean())
                    .isTrue();
        }
        assertThat(received.get()).as("every call reached the system: no breaker opened").isEqualTo(6);
        assertThat(breaker().get("state").asText()).isEqualTo("closed");
    }

    @Test
    void aStepRefusedForTheRateLimitIsRetriedNoSoonerThanTheSystemAsked() throws Exception {
        java.util.List<Long> at = new java.util.concurrent.CopyOnWriteArrayList<>();
        target.createContext("/limited", exchange -> {
            at.add(1L);
            boolean refuse = at.size() == 1;
            byte[] body = (refuse ? "{\"error\": \"rate\"}" : "{\"ok\": true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (refuse) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            exchange.sendResponseHeaders(refuse ? 429 : 200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        api.deploy("ops", "limited", """
                id: limited
                namespace: ops
                steps:
                  - id: get
                    type: call
                    system: erp
                    operation: http.request
                    with: {path: /limited}
                    retry: {maxAttempts: 2, initial: 10ms, jitter: 0}
                """);
        String id = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/flows/ops/limited/executions", "{}",
                "application/json").body()).get("id").asText();
        // The server's clock stands still: the retry waits for the test to move it.
        JsonNode waiting = awaitExecution(id, e -> e.at("/steps/0/status").asText().equals("waiting"));
        // The step's own backoff is 10 ms; the system's Retry-After of 1 s comes first.
        assertThat(Instant.parse(waiting.at("/steps/0/dueAt").asText()))
                .isEqualTo(clock.instant().plusSeconds(1));
        assertThat(at).hasSize(1);
        clock.advance(Duration.ofMillis(500));
        // Half the wait on the server's clock: the step still waits for the same time, and nothing was sent.
        assertThat(api.get("/api/v1/executions/" + id).at("/steps/0/dueAt").asText())
                .isEqualTo(waiting.at("/steps/0/dueAt").asText());
        assertThat(at).hasSize(1);
        clock.advance(Duration.ofMillis(500));
        JsonNode done = awaitExecution(id, e -> e.get("status").asText().equals("succeeded"));
        assertThat(done.at("/steps/0/attempts").asInt()).isEqualTo(2);
        assertThat(done.at("/steps/0/history/0/targetStatus").asInt()).isEqualTo(429);
        assertThat(done.at("/steps/0/history/0/error/message").asText()).contains("its rate limit");
        assertThat(at).hasSize(2);
        assertThat(breaker().get("state").asText()).isEqualTo("closed");
    }

    /** The execution once {@code until} holds of it (it runs in the background); fails after 10 s. */
    private JsonNode awaitExecution(String id, java.util.function.Predicate<JsonNode> until)
            throws Exception {
        dev.weft.testkit.Eventually.until("execution " + id + " in the state awaited", Duration.ofSeconds(10),
                () -> until.test(api.get("/api/v1/executions/" + id)));
        return api.get("/api/v1/executions/" + id);
    }

    @Test
    void aFailingSystemOpensItsBreakerFailsFastThenHalfOpensAndClosesWhenItRecovers() throws Exception {
        assertThat(breaker().get("state").asText()).isEqualTo("closed");
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = call();
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(error(r)).isEqualTo("http.status");
        }
        assertThat(received.get()).isEqualTo(4);
        assertThat(breaker().get("state").asText()).isEqualTo("open");
        assertThat(breaker().get("failureRate").floatValue()).isEqualTo(100f);

        HttpResponse<String> fast = call();
        assertThat(fast.statusCode()).isEqualTo(503);
        assertThat(error(fast)).isEqualTo("gateway.circuit_open");
        assertThat(fast.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(fast.body()).contains("erp", "open");
        assertThat(received.get()).as("calls that reached the system while open").isEqualTo(4);

        status.set(200);
        clock.advance(Duration.ofSeconds(31));
        HttpResponse<String> trial = call();
        assertThat(trial.statusCode()).as(trial.body()).isEqualTo(200);
        assertThat(breaker().get("state").asText()).isEqualTo("half_open");
        assertThat(call().statusCode()).isEqualTo(200);
        assertThat(breaker().get("state").asText()).isEqualTo("closed");
        assertThat(received.get()).isEqualTo(6);

        // The system's page lists these calls, the latest first, and its breaker's state with the list.
        JsonNode calls = api.get("/api/v1/systems/erp/calls").get("calls");
        assertThat(calls).hasSize(7);
        assertThat(calls.findValuesAsText("outcome")).containsExactly("ok", "ok", "rejected", "unavailable",
                "unavailable", "unavailable", "unavailable");
        assertThat(calls.get(2).get("errorCode").asText()).isEqualTo("gateway.circuit_open");
        assertThat(calls.get(2).get("attempts").asInt()).isZero();
        assertThat(calls.get(3).get("errorCode").asText()).isEqualTo("http.status");
        assertThat(calls.get(3).get("operation").asText()).isEqualTo("http.request");
        assertThat(calls.get(0).get("at").asText()).isEqualTo(clock.instant().toString());
        assertThat(calls.get(0).get("errorCode").isNull()).isTrue();
        assertThat(calls.toString()).as("nothing of the calls' input or output").doesNotContain("/orders",
                "\"ok\": true", "api:");
        assertThat(api.get("/api/v1/systems").at("/systems/0/state/circuitBreaker/state").asText())
                .isEqualTo("closed");
    }
}
