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
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OAuth 2.0 refresh token grant against a real token endpoint on 127.0.0.1 that rotates refresh
 * tokens as many providers do (the one used is refused from then on): the access token is cached and
 * fetched once however many calls ask at once, a 401 renews it once, a rotated refresh token is stored
 * through the {@link CredentialSource} before the access token is used, and a refused one is a permanent
 * error naming the credential and never the token. The vault's side is tested in weft-server.
 */
class OAuth2RefreshTokenIT {
    private static final String CLIENT_SECRET = "canary-client-secret-7d1f";
    private static final String FIRST = "canary-refresh-0001";
    private static final String NAME = "crm-oauth";

    HttpServer endpoint;
    /** The refresh tokens the endpoint accepts. */
    final Set<String> valid = ConcurrentHashMap.newKeySet();
    final AtomicInteger issued = new AtomicInteger();
    final AtomicInteger rotations = new AtomicInteger(1);
    /** Each request's form and Authorization header, in the order they arrived. */
    final ConcurrentLinkedQueue<Map<String, String>> forms = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    /** When set, the next request waits for it before it is answered. */
    final AtomicReference<CountDownLatch> holdNext = new AtomicReference<>();
    /** When set, runs while the next request is answered (an operator acting at that moment). */
    final AtomicReference<Runnable> duringNext = new AtomicReference<>();
    volatile boolean rotate = true;
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-11-22T08:00:00Z"));
    final VersionedCredentials vault = new VersionedCredentials();
    TokenClient tokens;

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        endpoint.createContext("/token", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            forms.add(form);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            CountDownLatch hold = holdNext.getAndSet(null);
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Runnable during = duringNext.getAndSet(null);
            if (during != null) {
                during.run();
            }
            int status;
            String body;
            synchronized (valid) {
                String token = form.get("refresh_token");
                if (!"refresh_token".equals(form.get("grant_type"))) {
                    status = 400;
                    body = "{\"error\": \"unsupported_grant_type\"}";
                } else if (token == null || !valid.contains(token)) {
                    status = 400;
                    // Some servers quote the token they refused; the gateway must not pass it on.
                    body = "{\"error\": \"invalid_grant\", \"error_description\": \"refresh token " + token
                            + " is not active\"}";
                } else {
                    status = 200;
                    String next = "";
                    if (rotate) {
                        valid.remove(token);
                        String rotated = "canary-refresh-"
                                + String.format("%04d", rotations.incrementAndGet());
                        valid.add(rotated);
                        next = ", \"refresh_token\": \"" + rotated + "\"";
                    }
                    body = "{\"access_token\": \"a" + issued.incrementAndGet()
                            + "\", \"token_type\": \"Bearer\","
                            + " \"expires_in\": 3600" + next + "}";
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        endpoint.start();
        tokens = new TokenClient(EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")));
        valid.add(FIRST);
        vault.put(NAME, credential(CLIENT_SECRET, FIRST));
    }

    @AfterEach
    void stop() {
        tokens.close();
        endpoint.stop(0);
    }

    private Credential.OAuth2RefreshToken credential(String clientSecret, String refreshToken) {
        return new Credential.OAuth2RefreshToken(
                "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/token",
                "weft-client", clientSecret, refreshToken, "orders offline_access");
    }

    /** The auth of system {@code crm} as a server node opens it: with the credential as it read it. */
    private OAuth2Auth node() {
        Credential.OAuth2RefreshToken read = (Credential.OAuth2RefreshToken) vault.credential("t", NAME)
                .orElseThrow();
        return new OAuth2Auth(new RefreshTokenGrant("crm", "t", NAME, read, vault, tokens.client()), clock);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private List<String> refreshTokensSent() {
        return forms.stream().map(f -> f.get("refresh_token")).toList();
    }

    private static String bearer(Authorization a) {
        return a.headers().get("Authorization");
    }

    private static Authorization authorize(OAuth2Auth auth) throws ConnectorException {
        return auth.authorize("GET", URI.create("https://crm.example/orders"), new byte[0]);
    }

    @Test
    void manyCallsAtOnceRefreshOnceWithTheClientsBasicCredentials() throws Exception {
        OAuth2Auth auth = node();
        CountDownLatch hold = new CountDownLatch(1);
        holdNext.set(hold);
        List<Thread> callers = new ArrayList<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 20; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    seen.add(bearer(authorize(auth)));
                } catch (ConnectorException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        while (forms.isEmpty()) {
            Thread.onSpinWait();
        }
        hold.countDown();
        for (Thread t : callers) {
            t.join();
        }

        assertThat(issued.get()).isEqualTo(1);
        assertThat(seen).hasSize(20).containsOnly("Bearer a1");
        assertThat(forms)
                .containsExactly(Map.of("grant_type", "refresh_token", "refresh_token", FIRST, "scope",
                        "orders offline_access"));
        assertThat(authorizations).containsExactly("Basic " + Base64.getEncoder()
                .encodeToString(("weft-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRotatedRefreshTokenIsStoredAndSentWithTheNextRefresh() throws Exception {
        OAuth2Auth auth = node();

        assertThat(bearer(authorize(auth))).isEqualTo("Bearer a1");
        assertThat(vault.stored()).containsExactly("canary-refresh-0002");
        assertThat(vault.version(NAME)).isEqualTo(2);
        clock.advance(Duration.ofMinutes(59)); // expires_in 3600 s, refreshed 30 s before
        assertThat(bearer(authorize(auth))).isEqualTo("Bearer a1");
        clock.advance(Duration.ofSeconds(31));
        assertThat(bearer(authorize(auth))).isEqualTo("Bearer a2");

        assertThat(refreshTokensSent()).containsExactly(FIRST, "canary-refresh-0002");
        assertThat(vault.refreshToken(NAME)).isEqualTo("canary-refresh-0003");
        assertThat(vault.stored()).containsExactly("canary-refresh-0002", "canary-refresh-0003");
    }

    @Test
    void aRefreshTokenThatIsNotRotatedIsNotStoredAgain() throws Exception {
        rotate = false;
        OAuth2Auth auth = node();
        authorize(auth);
        clock.advance(Duration.ofHours(1));
        authorize(auth);

        assertThat(refreshTokensSent()).containsExactly(FIRST, FIRST);
        assertThat(vault.stored()).isEmpty();
        assertThat(vault.version(NAME)).isEqualTo(1);
    }

    @Test
    void a401RefreshesOnceHoweverManyCallsWereRefused() throws Exception {
        OAuth2Auth auth = node();
        Authorization first = authorize(auth);

        assertThat(auth.renew(first)).isTrue();
        assertThat(bearer(authorize(auth))).isEqualTo("Bearer a2");
        // A call still holding the token renewed meanwhile does not refresh yet again.
        assertThat(auth.renew(first)).isTrue();
        assertThat(issued.get()).isEqualTo(2);
        assertThat(refreshTokensSent()).containsExactly(FIRST, "canary-refresh-0002");
    }

    @Test
    void aRefusedRefreshTokenIsAPermanentErrorThatNamesTheCredentialAndNotTheToken() {
        valid.clear();

        assertThatThrownBy(() -> authorize(node())).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.code()).isEqualTo("gateway.oauth2_refresh_refused");
            assertThat(e.getMessage())
                    .startsWith("the token endpoint of system 'crm' (http://127.0.0.1:")
                    .contains("answered 400 invalid_grant (refresh token *** is not active)",
                            "the refresh token of credential 'crm-oauth' was refused",
                            "store it with PUT /api/v1/credentials/crm-oauth")
                    .doesNotContain(FIRST).doesNotContain(CLIENT_SECRET);
        });
        assertThat(forms).hasSize(1);
    }

    @Test
    void aTokenAnotherNodeRotatedMeanwhileIsReadFromTheVaultAndUsed() throws Exception {
        OAuth2Auth nodeA = node();
        OAuth2Auth nodeB = node();
        CountDownLatch hold = new CountDownLatch(1);
        holdNext.set(hold);
        AtomicReference<Object> resultB = new AtomicReference<>();
        Thread b = Thread.ofVirtual().start(() -> {
            try {
                resultB.set(bearer(authorize(nodeB)));
            } catch (ConnectorException e) {
                resultB.set(e);
            }
        });
        while (forms.isEmpty()) {
            Thread.onSpinWait();
        }
        // Node B's request with the first token waits at the endpoint while node A refreshes and rotates it.
        assertThat(bearer(authorize(nodeA))).isEqualTo("Bearer a1");
        hold.countDown();
        b.join();

        assertThat(resultB.get()).isEqualTo("Bearer a2");
        assertThat(refreshTokensSent()).containsExactly(FIRST, FIRST, "canary-refresh-0002");
        assertThat(vault.stored()).containsExactly("canary-refresh-0002", "canary-refresh-0003");
    }

    @Test
    void aTokenTheVaultCouldNotStoreIsKeptAndStoredBeforeTheNextRefresh() throws Exception {
        OAuth2Auth auth = node();
        vault.failNextStores(1);

        assertThat(bearer(authorize(auth))).isEqualTo("Bearer a1");
        assertThat(vault.refreshToken(NAME)).isEqualTo(FIRST);
        clock.advance(Duration.ofHours(1));
        assertThat(bearer(authorize(auth))).isEqualTo("Bearer a2");

        assertThat(vault.stored()).containsExactly("canary-refresh-0002", "canary-refresh-0003");
        assertThat(refreshTokensSent()).containsExactly(FIRST, "canary-refresh-0002");
    }

    @Test
    void aCredentialReplacedDuringTheRefreshIsNotOverwritten() throws Exception {
        OAuth2Auth auth = node();
        duringNext.set(() -> {
            valid.add("canary-refresh-from-admin");
            vault.put(NAME, credential(CLIENT_SECRET, "canary-refresh-from-admin"));
        });

        assertThat(bearer(authorize(auth))).isEqualTo("Bearer a1");
        assertThat(vault.refreshToken(NAME)).isEqualTo("canary-refresh-from-admin");
        clock.advance(Duration.ofHours(1));
        authorize(auth);

        assertThat(refreshTokensSent()).containsExactly(FIRST, "canary-refresh-from-admin");
        assertThat(vault.stored()).containsExactly("canary-refresh-0003");
    }

    @Test
    void aPublicClientSendsItsIdInTheFormAndNoSecret() throws Exception {
        vault.put(NAME, credential(null, FIRST));

        assertThat(bearer(authorize(node()))).isEqualTo("Bearer a1");
        assertThat(forms)
                .containsExactly(Map.of("grant_type", "refresh_token", "refresh_token", FIRST, "scope",
                        "orders offline_access", "client_id", "weft-client"));
        assertThat(authorizations).containsExactly("");
    }

    @Test
    void aDeletedCredentialIsAPermanentErrorThatSaysHowToCreateIt() {
        OAuth2Auth auth = node();
        vault.delete(NAME);

        assertThatThrownBy(() -> authorize(auth)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).isEqualTo("system 'crm' names credential 'crm-oauth', which no longer"
                    + " exists; create it with PUT /api/v1/credentials/crm-oauth");
        });
        assertThat(forms).isEmpty();
    }
}
