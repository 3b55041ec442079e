package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.engine.StoppedClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OAuth 2.0 client credentials against a real token endpoint on 127.0.0.1 (an HTTP server started by the
 * test, answering as RFC 6749 says): one fetch however many calls ask at once, renewal before expiry by
 * the gateway's clock, renewal after a 401, clear refusals, and the egress guard on the token URL.
 */
class OAuth2AuthIT {
    private static final String SECRET = "canary-client-secret-91c4e7";

    HttpServer endpoint;
    final AtomicInteger issued = new AtomicInteger();
    final ConcurrentLinkedQueue<String> basics = new ConcurrentLinkedQueue<>();
    volatile int status = 200;
    volatile CountDownLatch slow;
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-11-22T08:00:00Z"));
    TokenClient tokens;

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        endpoint.createContext("/token", exchange -> {
            basics.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (slow != null) {
                try {
                    slow.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String body = status == 200
                    ? "{\"access_token\": \"t" + issued.incrementAndGet() + "\", \"token_type\": \"Bearer\","
                            + " \"expires_in\": 3600, \"scope\": \""
                            + (form.contains("scope=orders") ? "orders" : "")
                            + "\"}"
                    : "{\"error\": \"invalid_client\", \"error_description\": \"unknown client\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        endpoint.start();
        tokens = new TokenClient(EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")));
    }

    @AfterEach
    void stop() {
        tokens.close();
        endpoint.stop(0);
    }

    private OAuth2Auth auth(TokenClient client) {
        return OAuth2Auth.clientCredentials("crm", new Credential.OAuth2ClientCredentials("http://127.0.0.1:"
                + endpoint.getAddress().getPort() + "/token", "weft-client", SECRET, "orders"),
                client.client(), clock);
    }

    private static String bearer(Authorization a) {
        return a.headers().get("Authorization");
    }

    @Test
    void manyCallsAtOnceFetchOneTokenWithTheClientsBasicCredentials() throws Exception {
        OAuth2Auth auth = auth(tokens);
        slow = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 20; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    seen.add(bearer(auth.authorize("GET", java.net.URI.create("https://crm.example/x"),
                            new byte[0])));
                } catch (ConnectorException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        while (basics.isEmpty()) {
            Thread.onSpinWait();
        }
        slow.countDown();
        for (Thread t : callers) {
            t.join();
        }
        assertThat(issued.get()).isEqualTo(1);
        assertThat(seen).hasSize(20).containsOnly("Bearer t1");
        assertThat(basics).containsOnly("Basic " + Base64.getEncoder()
                .encodeToString(("weft-client:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTokenIsRenewedBeforeItExpiresAndOnceAfterA401() throws Exception {
        OAuth2Auth auth = auth(tokens);
        Authorization first = auth.authorize("GET", java.net.URI.create("https://crm.example/x"),
                new byte[0]);
        clock.advance(Duration.ofMinutes(59)); // expires_in 3600 s, renewed 30 s before
        assertThat(bearer(auth.authorize("GET", java.net.URI.create("https://crm.example/x"), new byte[0])))
                .isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(31));
        Authorization second = auth.authorize("GET", java.net.URI.create("https://crm.example/x"),
                new byte[0]);
        assertThat(bearer(second)).isEqualTo("Bearer t2");

        assertThat(auth.renew(second)).isTrue();
        assertThat(issued.get()).isEqualTo(3);
        // A call still holding the token renewed meanwhile does not fetch yet another one.
        assertThat(auth.renew(first)).isTrue();
        assertThat(issued.get()).isEqualTo(3);
        assertThat(first.toString()).doesNotContain("t1");
    }

    @Test
    void aRefusedClientIsAPermanentErrorThatNamesTheFixAndNotTheSecret() {
        status = 401;
        assertThatThrownBy(() -> auth(tokens).authorize("GET", java.net.URI.create("https://crm.example/x"),
                new byte[0]))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.code()).isEqualTo("gateway.oauth2");
                    assertThat(e.getMessage()).contains("crm", "401", "invalid_client", "clientSecret")
                            .doesNotContain(SECRET);
                });
    }

    @Test
    void theTokenUrlGoesThroughTheEgressGuard() {
        TokenClient guarded = new TokenClient(EgressGuard.of(EgressPolicy.blockPrivate()));
        try {
            assertThatThrownBy(
                    () -> auth(guarded).authorize("GET", java.net.URI.create("https://crm.example/x"),
                            new byte[0]))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("egress.refused");
                        assertThat(e.getMessage()).contains("127.0.0.1");
                    });
            assertThat(basics).as("requests that reached the token endpoint").isEmpty();
        } finally {
            guarded.close();
        }
    }

}
