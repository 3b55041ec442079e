package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.engine.StoppedClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound authentication through the whole server: credentials written through the API, systems of the
 * http connector calling a local server. An OAuth 2.0 provider that rotates refresh tokens: each rotated
 * token is stored in the vault as the credential's next version and is the one used after a restart (a new
 * vault and gateway on the same data); a refused refresh token is an error naming the credential. HMAC
 * signing: the local server recomputes every signature from the request it received, with its own code.
 */
class OutboundAuthIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final String FIRST = "canary-refresh-token-0001";
    static final String HMAC_SECRET = "canary-hmac-secret-5a9e";

    @TempDir
    Path data;
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-11-22T08:00:00Z"));
    HttpServer remote;
    WeftServer server;
    ServerCalls api;
    /** Refresh tokens and access tokens the provider accepts; it rotates the refresh token on each use. */
    final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<String> refreshTokensSent = new ConcurrentLinkedQueue<>();
    final AtomicInteger issued = new AtomicInteger(1);
    /** What the signed endpoint concluded about each request, in order. */
    final ConcurrentLinkedQueue<String> verdicts = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/token", this::token);
        remote.createContext("/api", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean valid = authorization != null && authorization.startsWith("Bearer ")
                    && accessTokens.contains(authorization.substring(7));
            respond(exchange, valid ? 200 : 401, valid ? "{\"orders\": []}" : "{\"error\": \"expired\"}");
        });
        remote.createContext("/signed", exchange -> {
            String verdict = verify(exchange);
            verdicts.add(verdict);
            respond(exchange, verdict.equals("verified") ? 200 : 401, "{\"verdict\": \"" + verdict + "\"}");
        });
        remote.start();
        startServer();
    }

    private void startServer() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), clock);
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        remote.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + remote.getAddress().getPort();
    }

    /** RFC 6749 6, rotating: the refresh token used is refused from then on. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                .split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String sent = form.get("refresh_token");
        refreshTokensSent.add(sent);
        if (!"refresh_token".equals(form.get("grant_type")) || !refreshTokens.remove(sent)) {
            respond(exchange, 400,
                    "{\"error\": \"invalid_grant\", \"error_description\": \"Token is not active\"}");
            return;
        }
        int n = issued.incrementAndGet();
        String refresh = String.format("canary-refresh-token-%04d", n);
        refreshTokens.add(refresh);
        accessTokens.add("access-" + n);
        respond(exchange, 200, "{\"access_token\": \"access-" + n + "\", \"token_type\": \"Bearer\","
                + " \"expires_in\": 3600, \"refresh_token\": \"" + refresh + "\"}");
    }

    /** Recomputes the signature as docs/gateway.md describes it, from the request as received. */
    private String verify(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String timestamp = exchange.getRequestHeaders().getFirst("X-Weft-Timestamp");
        String header = exchange.getRequestHeaders().getFirst("X-Signature");
        if (timestamp == null || header == null) {
            return "unsigned";
        }
        if (Long.parseLong(timestamp) != clock.instant().getEpochSecond()) {
            return "timestamp " + timestamp;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String target = exchange.getRequestURI().getRawPath()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        try {
            String signed = exchange.getRequestMethod() + "\n" + target + "\n" + timestamp + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "keyId=partner-2026,algorithm=HmacSHA256,signature="
                    + Base64.getEncoder()
                            .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    header.getBytes(StandardCharsets.UTF_8)) ? "verified" : "mismatch for " + target;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        ServerFixture.respond(exchange, status, body);
    }

    private void put(String path, String body) throws Exception {
        HttpResponse<String> r = api.call("PUT", path, body, "application/json");
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
    }

    private HttpResponse<String> call(String system, String input) throws Exception {
        return api.call("POST", "/api/v1/systems/" + system + "/operations/http.request", input,
                "application/json");
    }

    private void refreshTokenSystem(String refreshToken) throws Exception {
        put("/api/v1/credentials/crm-oauth", "{\"type\": \"oauth2RefreshToken\", \"tokenUrl\": \"" + base()
                + "/token\", \"clientId\": \"weft\", \"clientSecret\": \"cs\", \"refreshToken\": \""
                + refreshToken
                + "\", \"scope\": \"orders\"}");
        put("/api/v1/systems/crm", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + base()
                + "\"}, \"credential\": \"crm-oauth\"}");
    }

    @Test
    void rotatedRefreshTokensAreStoredInTheVaultAndUsedAfterARestart() throws Exception {
        refreshTokens.add(FIRST);
        refreshTokenSystem(FIRST);

        HttpResponse<String> first = call("crm", "{\"path\": \"/api/orders\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode credential = api.get("/api/v1/credentials/crm-oauth");
        assertThat(credential.get("version").asInt()).isEqualTo(2);
        assertThat(credential.toString()).doesNotContain("canary-refresh-token");

        // The provider revokes the access token: the 401 refreshes once and the call is tried again.
        accessTokens.clear();
        HttpResponse<String> renewed = call("crm", "{\"path\": \"/api/orders\"}");
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/credentials/crm-oauth").get("version").asInt()).isEqualTo(3);
        // Each stored refresh token is a rotation in the tenant's feed, naming the version, never the token.
        List<JsonNode> rotations = api.awaitEvents("credential.rotated", 2);
        assertThat(rotations).extracting(e -> e.at("/payload/version").asInt()).containsExactly(2, 3);
        assertThat(rotations.get(0).get("payload")).isEqualTo(ServerCalls.JSON.readTree(
                "{\"credential\": \"crm-oauth\", \"type\": \"oauth2RefreshToken\", \"version\": 2}"));
        assertThat(api.get("/api/v1/events").toString()).doesNotContain("canary-refresh-token");

        server.close();
        startServer();
        HttpResponse<String> afterRestart = call("crm", "{\"path\": \"/api/orders\"}");
        assertThat(afterRestart.statusCode()).as(afterRestart.body()).isEqualTo(200);

        assertThat(refreshTokensSent).containsExactly(FIRST, "canary-refresh-token-0002",
                "canary-refresh-token-0003");
        assertThat(api.get("/api/v1/credentials/crm-oauth").get("version").asInt()).isEqualTo(4);
        assertThat(refreshTokens).containsExactly("canary-refresh-token-0004");
    }

    @Test
    void aRefusedRefreshTokenFailsTheCallNamingTheCredentialAndNotTheToken() throws Exception {
        refreshTokenSystem(FIRST); // the provider does not know it

        HttpResponse<String> r = call("crm", "{\"path\": \"/api/orders\"}");

        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode error = ServerCalls.JSON.readTree(r.body());
        assertThat(error.get("error").asText()).isEqualTo("gateway.oauth2_refresh_refused");
        assertThat(error.get("message").asText()).contains("credential 'crm-oauth' was refused",
                "PUT /api/v1/credentials/crm-oauth", "invalid_grant (Token is not active)");
        assertThat(r.body()).doesNotContain(FIRST).doesNotContain("\"cs\"");
        assertThat(refreshTokensSent).containsExactly(FIRST);
    }

    @Test
    void theHttpConnectorsRequestsAreSignedOverTheirExactTargetAndBody() throws Exception {
        put("/api/v1/credentials/partner-key",
                "{\"type\": \"hmac\", \"keyId\": \"partner-2026\", \"secret\": \""
                        + HMAC_SECRET + "\", \"header\": \"X-Signature\"}");
        put("/api/v1/systems/partner", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + base()
                + "\"}, \"credential\": \"partner-key\"}");

        for (String input : List.of("{\"path\": \"/signed/items\"}",
                "{\"path\": \"/signed/items\", \"query\": {\"q\": \"a b&c\", \"page\": 2}}",
                "{\"method\": \"POST\", \"path\": \"/signed/orders\", \"body\": {\"amount\": 42, \"note\": \"é\"}}",
                "{\"method\": \"PUT\", \"path\": \"/signed/notes/7\", \"headers\": {\"Content-Type\": \"text/plain\"},"
                        + " \"body\": \"plain text\\nbody\"}",
                "{\"method\": \"DELETE\", \"path\": \"/signed/orders/7\"}")) {
            HttpResponse<String> r = call("partner", input);
            assertThat(r.statusCode()).as(input + " -> " + r.body()).isEqualTo(200);
        }
        assertThat(verdicts).hasSize(5).containsOnly("verified");
        assertThat(api.get("/api/v1/credentials/partner-key").toString()).doesNotContain(HMAC_SECRET);
    }
}
