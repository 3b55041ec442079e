package dev.weft.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.TraceContext;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.connector.TestEgress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's HTTP transport against a real HTTP server on this machine: what every request carries,
 * what the egress rules keep from being sent, the one renewal after a 401, and the body limit.
 */
class JettyTransportIT {
    /** What the server received: method, path, Authorization, traceparent, Idempotency-Key, body. */
    record Received(String method, String path, String authorization, String traceparent, String key,
            String body, String cookie) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<List<String>> agents = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            agents.add(h.getOrDefault("User-Agent", List.of()));
            received.add(new Received(exchange.getRequestMethod(), path, h.getFirst("Authorization"),
                    h.getFirst("traceparent"), h.getFirst("Idempotency-Key"), body, h.getFirst("Cookie")));
            int status = 200;
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            if (path.equals("/redirect")) {
                status = 302;
                exchange.getResponseHeaders().set("Location", "/elsewhere");
            } else if (path.equals("/renewed") && !"Bearer second".equals(h.getFirst("Authorization"))) {
                status = 401;
            } else if (path.equals("/login")) {
                exchange.getResponseHeaders().add("Set-Cookie", "SESSION=s3cr3t-session; Path=/; HttpOnly");
            } else if (path.equals("/big")) {
                answer = new byte[10_000];
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Authorizes with "Bearer first", and with "Bearer second" once renewed. */
    static final class Renewing implements OutboundAuth {
        final AtomicInteger renewals = new AtomicInteger();

        @Override
        public Authorization authorize(String method, URI uri, byte[] body) {
            return new Authorization(
                    Map.of("Authorization", "Bearer " + (renewals.get() == 0 ? "first" : "second")),
                    Map.of());
        }

        @Override
        public boolean renew(Authorization rejected) {
            return renewals.incrementAndGet() == 1;
        }
    }

    @Test
    void aRequestCarriesTheCredentialTheTraceAndTheIdempotencyKeyAndARedirectIsTheResponse()
            throws Exception {
        TraceContext trace = TraceContext.forExecution("0193a5a0-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
        try (JettyTransport http = JettyTransport.start("t", TestEgress.LOOPBACK, new Renewing())) {
            try (HttpTransport.Response r = http
                    .send(HttpTransport.Request.to("POST", URI.create(base + "/echo"))
                            .withTrace(trace).withIdempotencyKey("exec:step")
                            .withBody(new HttpTransport.Body.Bytes("{}".getBytes(StandardCharsets.UTF_8),
                                    "application/json")))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            }
            try (HttpTransport.Response r = http.send(HttpTransport.Request.to("GET",
                    URI.create(base + "/redirect")))) {
                assertThat(r.status()).isEqualTo(302);
                assertThat(r.header("location")).isEqualTo("/elsewhere");
            }
        }
        assertThat(received).extracting(Received::path).containsExactly("/echo", "/redirect");
        Received echo = received.get(0);
        assertThat(echo.authorization()).isEqualTo("Bearer first");
        assertThat(echo.traceparent()).isEqualTo(trace.traceparent());
        assertThat(echo.key()).isEqualTo("exec:step");
        assertThat(echo.body()).isEqualTo("{}");
        assertThat(received.get(1).key()).as("no Idempotency-Key on a GET").isNull();
    }

    @Test
    void aRequestsOwnUserAgentReplacesTheClientsDefault() throws Exception {
        try (JettyTransport http = JettyTransport.start("t", TestEgress.LOOPBACK, OutboundAuth.NONE)) {
            http.send(HttpTransport.Request.to("GET", URI.create(base + "/a"))).close();
            http.send(HttpTransport.Request.to("GET", URI.create(base + "/b")).withHeader("User-Agent",
                    "Mozilla/5.0 HeadlessChrome/156")).close();
        }
        assertThat(agents).containsExactly(List.of("Weft"), List.of("Mozilla/5.0 HeadlessChrome/156"));
    }

    @Test
    void aCookieATargetSetsIsNotSentAgainByTheClient() throws Exception {
        try (JettyTransport http = JettyTransport.start("t", TestEgress.LOOPBACK, OutboundAuth.NONE)) {
            for (String path : new String[]{"/login", "/after"}) {
                try (HttpTransport.Response r = http
                        .send(HttpTransport.Request.to("GET", URI.create(base + path)))) {
                    assertThat(r.status()).isEqualTo(200);
                }
            }
        }
        assertThat(received).extracting(Received::path, Received::cookie)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/login", null),
                        org.assertj.core.groups.Tuple.tuple("/after", null));
    }

    @Test
    void aUrlOrAResolvedAddressTheEgressRulesRefuseIsNeverSent() throws Exception {
        try (JettyTransport http = JettyTransport.start("t", EgressGuard.of(EgressPolicy.blockPrivate()),
                OutboundAuth.NONE)) {
            assertThatThrownBy(() -> http.send(HttpTransport.Request.to("GET", URI.create(base + "/a"))))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("egress.refused");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(EgressPolicy.CONFIGURATION_KEY);
                    });
            // A name that passes the URL check and resolves to a refused address (checked at connect time).
            String byName = "http://localhost:" + server.getAddress().getPort() + "/b";
            assertThatThrownBy(() -> http.send(HttpTransport.Request.to("GET", URI.create(byName))))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.code()).isEqualTo("egress.refused"));
        }
        assertThat(received).isEmpty();
    }

    @Test
    void a401WithARenewableCredentialIsSentOnceMoreOpeningAStreamedBodyAgain() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        byte[] bytes = "streamed".getBytes(StandardCharsets.UTF_8);
        Renewing auth = new Renewing();
        try (JettyTransport http = JettyTransport.start("t", TestEgress.LOOPBACK, auth);
                HttpTransport.Response r = http
                        .send(HttpTransport.Request.to("PUT", URI.create(base + "/renewed"))
                                .withBody(new HttpTransport.Body.Streamed(() -> {
                                    opened.incrementAndGet();
                                    return new ByteArrayInputStream(bytes);
                                }, bytes.length, "text/plain")))) {
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(opened).hasValue(2);
        assertThat(auth.renewals).hasValue(1);
        assertThat(received).extracting(Received::authorization).containsExactly("Bearer first",
                "Bearer second");
        assertThat(received).extracting(Received::body).containsOnly("streamed");
    }

    @Test
    void aBufferedBodyOverItsLimitFailsAsTooLargeAndAStreamedOneIsReadWhole() throws Exception {
        try (JettyTransport http = JettyTransport.start("t", TestEgress.LOOPBACK, OutboundAuth.NONE)) {
            assertThatThrownBy(() -> http.send(HttpTransport.Request.to("GET", URI.create(base + "/big"))
                    .withMaxBytes(1024))).isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("http.too_large");
                        assertThat(e.getMessage()).contains("GET " + base + "/big", "1024");
                    });
            try (HttpTransport.Response r = http
                    .send(HttpTransport.Request.to("GET", URI.create(base + "/big"))
                            .withMaxBytes(1024).streamed())) {
                assertThat(r.stream().readAllBytes()).hasSize(10_000);
            }
        }
    }
}
