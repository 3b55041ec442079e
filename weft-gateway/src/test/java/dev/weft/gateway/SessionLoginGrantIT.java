package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.engine.StoppedClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session login against a login endpoint on 127.0.0.1 that answers as IDURAR's {@code POST /api/login}
 * does ({@code {success, result: {token, ...}}}, 403 for a wrong password): the token at the credential's
 * pointer goes into the header, is kept until the JWT's {@code exp}, is renewed after a 401, and is
 * redacted like any token; refusals name the fix and not the password.
 */
class SessionLoginGrantIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "canary-password-5d2e81";

    HttpServer endpoint;
    final AtomicInteger logins = new AtomicInteger();
    final ConcurrentLinkedQueue<JsonNode> bodies = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> cookies = new ConcurrentLinkedQueue<>();
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-06T08:00:00Z"));
    volatile int failWith;
    volatile boolean opaque;
    TokenClient tokens;

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/api/login", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            bodies.add(body);
            cookies.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
            exchange.getResponseHeaders().add("Set-Cookie",
                    "connect.sid=s%3Atenant-a-session; Path=/; HttpOnly");
            int status;
            String answer;
            if (failWith != 0) {
                status = failWith;
                answer = "{\"success\": false, \"message\": \"try again later\"}";
            } else if (!PASSWORD.equals(body.path("password").asText())) {
                status = 403;
                answer = "{\"success\": false, \"result\": null, \"message\": \"Invalid credentials.\"}";
            } else {
                int n = logins.incrementAndGet();
                String token = opaque ? "opaque-session-" + n : jwt(n, clock.instant().plusSeconds(3600));
                status = 200;
                answer = "{\"success\": true, \"result\": {\"_id\": \"6581\", \"name\": \"Admin\", \"token\": \""
                        + token + "\"}, \"message\": \"Successfully login user\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
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

    static String jwt(int n, Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + b64.encodeToString(
                        ("{\"id\":\"6581\",\"n\":" + n + ",\"exp\":" + exp.getEpochSecond() + "}")
                                .getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    private Credential.SessionLogin credential(String password, String header, String scheme) {
        return new Credential.SessionLogin(
                "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/api/login",
                "admin@demo.example", password, "email", "password", "/result/token", header, scheme);
    }

    private OAuth2Auth auth(Credential.SessionLogin credential) {
        return new OAuth2Auth(new SessionLoginGrant("idurar", credential, tokens.client(), clock), clock,
                credential.header(), credential.scheme(), SessionLoginGrant.MIN_RENEW_INTERVAL);
    }

    private static Authorization authorize(OutboundAuth auth) throws ConnectorException {
        return auth.authorize("GET", URI.create("https://erp.example/api/client/list"), new byte[0]);
    }

    @Test
    void theLoginsTokenIsSentAsABearerAndKeptUntilItsJwtExpires() throws Exception {
        OAuth2Auth auth = auth(credential(PASSWORD, "Authorization", "Bearer"));
        Authorization first = authorize(auth);
        assertThat(first.headers().get("Authorization")).isEqualTo("Bearer " + jwt(1,
                clock.instant().plusSeconds(3600)));
        assertThat(bodies.peek())
                .isEqualTo(JSON.readTree("{\"email\": \"admin@demo.example\", \"password\": \""
                        + PASSWORD + "\"}"));
        clock.advance(Duration.ofMinutes(59));
        assertThat(authorize(auth)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(31)); // 30 s before the exp
        assertThat(authorize(auth)).isNotEqualTo(first);
        assertThat(logins).hasValue(2);
    }

    @Test
    void aTokenWithoutExpiryIsRenewedAfterA401AndSentAloneInAnotherHeader() throws Exception {
        opaque = true;
        OAuth2Auth auth = auth(credential(PASSWORD, "X-Auth-Token", "Bearer"));
        Authorization first = authorize(auth);
        assertThat(first.headers()).containsExactly(java.util.Map.entry("X-Auth-Token", "opaque-session-1"));
        assertThat(auth.renew(first)).as("a token refused as soon as issued: no login per call").isFalse();
        clock.advance(SessionLoginGrant.MIN_RENEW_INTERVAL);
        assertThat(auth.renew(first)).isTrue();
        assertThat(authorize(auth).headers()).containsEntry("X-Auth-Token", "opaque-session-2");
        assertThat(auth.renew(first)).as("a call holding the old token uses the renewed one").isTrue();
        assertThat(logins).hasValue(2);
        assertThat(cookies).as("a cookie a login set is never sent with another").containsOnly("null");
    }

    @Test
    void theTokenInAnotherHeaderIsRedactedFromWhatCallsBringBack() throws Exception {
        opaque = true;
        Credential.SessionLogin credential = credential(PASSWORD, "X-Auth-Token", "Bearer");
        Secrets secrets = Secrets.of(credential);
        authorize(secrets.recording(auth(credential)));
        assertThat(secrets.redact("echo: opaque-session-1 and " + PASSWORD)).isEqualTo("echo: *** and ***");
    }

    @Test
    void aWrongPasswordIsPermanentAndNamesTheFieldsNotThePassword() {
        assertThatThrownBy(() -> authorize(auth(credential("wrong-password-77", "Authorization", "Bearer"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.code()).isEqualTo(SessionLoginGrant.CODE);
                    assertThat(e.getMessage()).contains("system 'idurar'", "403", "username and password",
                            "usernameField ('email')").doesNotContain("wrong-password-77");
                });
    }

    @Test
    void anAnswerWithoutATokenAtThePointerNamesThePointer() {
        Credential.SessionLogin wrongPointer = new Credential.SessionLogin("http://127.0.0.1:"
                + endpoint.getAddress().getPort() + "/api/login", "admin@demo.example", PASSWORD, "email",
                "password", "/token", "Authorization", "Bearer");
        assertThatThrownBy(() -> authorize(auth(wrongPointer)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("without a token at /token", "tokenPointer")
                            .doesNotContain("eyJ");
                });
    }

    @Test
    void aLoginThatIsDownIsRetryable() {
        failWith = 503;
        assertThatThrownBy(() -> authorize(auth(credential(PASSWORD, "Authorization", "Bearer"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503");
                });
    }

    @Test
    void theLoginUrlGoesThroughTheEgressGuard() {
        TokenClient guarded = new TokenClient(EgressGuard.of(EgressPolicy.blockPrivate()));
        try {
            Credential.SessionLogin credential = credential(PASSWORD, "Authorization", "Bearer");
            assertThatThrownBy(() -> authorize(new OAuth2Auth(new SessionLoginGrant("idurar", credential,
                    guarded.client(), clock), clock, "Authorization", "Bearer", Duration.ZERO)))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.code()).isEqualTo("egress.refused"));
            assertThat(bodies).isEmpty();
        } finally {
            guarded.close();
        }
    }
}
