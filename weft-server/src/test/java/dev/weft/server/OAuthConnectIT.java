package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.engine.StoppedClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connecting an OAuth 2.0 credential through the whole server, against a provider on 127.0.0.1 whose token
 * endpoint checks the code, the redirect URI, the client's Basic credentials and the PKCE verifier against
 * the challenge the consent URL carried (RFC 7636 4.6). The test plays the browser: it reads the consent URL
 * and follows the provider's redirect to the callback. The stored credential then serves a call.
 */
class OAuthConnectIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final String CLIENT_SECRET = "canary-client-secret-c0nn3ct";
    static final String REFRESH = "canary-refresh-from-code-77";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-06T08:00:00Z"));
    HttpServer provider;
    WeftServer server;
    ServerCalls api;
    final HttpClient browser = HttpClient.newHttpClient();
    /** The code the provider issued for each challenge, as its consent page would. */
    final Map<String, String> challenges = new HashMap<>();
    final ConcurrentLinkedQueue<Map<String, String>> tokenForms = new ConcurrentLinkedQueue<>();
    volatile boolean issueRefreshToken = true;

    @BeforeEach
    void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/token", this::token);
        provider.createContext("/api", exchange -> ServerFixture.respond(exchange,
                "Bearer access-refreshed".equals(exchange.getRequestHeaders().getFirst("Authorization"))
                        ? 200
                        : 401,
                "{\"ok\": true}"));
        provider.start();
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), clock);
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        provider.stop(0);
    }

    private String providerBase() {
        return "http://127.0.0.1:" + provider.getAddress().getPort();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    /** RFC 6749 4.1.3 with RFC 7636 4.6, and the refresh grant for the call afterwards. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenForms.add(form);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("crm-app:" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            ServerFixture.respond(exchange, 401, "{\"error\": \"invalid_client\"}");
            return;
        }
        if ("refresh_token".equals(form.get("grant_type")) && REFRESH.equals(form.get("refresh_token"))) {
            ServerFixture.respond(exchange, 200,
                    "{\"access_token\": \"access-refreshed\", \"expires_in\": 3600}");
            return;
        }
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
                    .getInstance("SHA-256")
                    .digest(form.getOrDefault("code_verifier", "").getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        String expectedCode = challenges.remove(challenge);
        if (!"authorization_code".equals(form.get("grant_type")) || expectedCode == null
                || !expectedCode.equals(form.get("code"))
                || !("http://127.0.0.1:" + server.port() + "/oauth2/callback")
                        .equals(form.get("redirect_uri"))) {
            ServerFixture.respond(exchange, 400,
                    "{\"error\": \"invalid_grant\", \"error_description\": \"code "
                            + form.get("code") + " is not valid\"}");
            return;
        }
        ServerFixture.respond(exchange, 200,
                "{\"access_token\": \"access-first\", \"token_type\": \"Bearer\","
                        + " \"expires_in\": 3600, \"scope\": \"contacts.read\""
                        + (issueRefreshToken ? ", \"refresh_token\": \"" + REFRESH + "\"" : "") + "}");
    }

    private JsonNode authorize(String body) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/credentials/crm-oauth/oauth2/authorize", body,
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String connectBody() {
        return "{\"authorizationUrl\": \"" + providerBase() + "/authorize?tenant=acme\", \"tokenUrl\": \""
                + providerBase() + "/token\", \"clientId\": \"crm-app\", \"clientSecret\": \"" + CLIENT_SECRET
                + "\", \"scope\": \"contacts.read offline\", \"systems\": \"crm\", \"parameters\":"
                + " {\"prompt\": \"consent\"}}";
    }

    /** The provider's consent page: it grants, and sends the browser to the redirect URI with a code. */
    private HttpResponse<String> consent(JsonNode started, String code) throws Exception {
        return consent(started, code, code);
    }

    /** As the provider would, but the browser brings back {@code sent} (a tampered or stale code). */
    private HttpResponse<String> consent(JsonNode started, String issued, String code) throws Exception {
        Map<String, String> query = form(URI.create(started.get("authorizeUrl").asText()).getRawQuery());
        challenges.put(query.get("code_challenge"), issued);
        String back = query.get("redirect_uri") + "?code=" + code + "&state=" + query.get("state");
        return browser.send(HttpRequest.newBuilder(URI.create(back)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsentUrlCarriesPkceAndTheCallbackStoresTheRefreshTokenThatThenServesACall() throws Exception {
        JsonNode started = authorize(connectBody());
        Map<String, String> query = form(URI.create(started.get("authorizeUrl").asText()).getRawQuery());
        assertThat(started.get("authorizeUrl").asText())
                .startsWith(providerBase() + "/authorize?tenant=acme&");
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "crm-app")
                .containsEntry("scope", "contacts.read offline")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("prompt", "consent")
                .containsEntry("redirect_uri", "http://127.0.0.1:" + server.port() + "/oauth2/callback");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(started.toString()).doesNotContain(CLIENT_SECRET);

        HttpResponse<String> page = consent(started, "code-abc-1");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Connected", "crm-oauth").doesNotContain(REFRESH)
                .doesNotContain("access-first");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");

        JsonNode credential = JSON
                .readTree(api.call("GET", "/api/v1/credentials/crm-oauth", null, null).body());
        assertThat(credential.get("type").asText()).isEqualTo("oauth2RefreshToken");
        assertThat(credential.toString()).contains("crm-app", "contacts.read offline").doesNotContain(REFRESH)
                .doesNotContain(CLIENT_SECRET);

        // The connected credential serves a system's call: the gateway refreshes with the stored token.
        assertThat(api
                .call("PUT", "/api/v1/systems/crm", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \""
                        + providerBase() + "\"}, \"credential\": \"crm-oauth\"}", "application/json")
                .statusCode()).isIn(200, 201);
        HttpResponse<String> call = api.call("POST", "/api/v1/systems/crm/operations/http.request",
                "{\"method\": \"GET\", \"path\": \"/api/contacts\"}", "application/json");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(tokenForms).extracting(f -> f.get("grant_type")).containsExactly("authorization_code",
                "refresh_token");

        // The audit log says who connected it, and the state cannot be used again.
        assertThat(api.call("GET", "/api/v1/audit?action=credential.oauth2_connect", null, null).body())
                .contains("credential.oauth2_connect", "/api/v1/credentials/crm-oauth");
        HttpResponse<String> again = browser.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/oauth2/callback?code=code-abc-1&state=" + query.get("state"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("unknown or expired");
    }

    @Test
    void connectingAgainReplacesTheCredentialAndIsARotationInTheFeed() throws Exception {
        assertThat(consent(authorize(connectBody()), "code-first-1").statusCode()).isEqualTo(200);
        assertThat(consent(authorize(connectBody()), "code-again-2").statusCode()).isEqualTo(200);

        // The first connection created the credential; only the second replaced it.
        JsonNode rotated = api.awaitEvents("credential.rotated", 1).get(0);
        assertThat(rotated.get("payload")).isEqualTo(JSON.readTree(
                "{\"credential\": \"crm-oauth\", \"type\": \"oauth2RefreshToken\", \"version\": 2}"));
        JsonNode events = api.get("/api/v1/events");
        assertThat(events.get("items")).hasSize(1);
        assertThat(events.toString()).doesNotContain(REFRESH).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void aRefusalOrAMissingRefreshTokenLeavesTheCredentialUnchangedAndSaysWhy() throws Exception {
        JsonNode denied = authorize(connectBody());
        Map<String, String> query = form(URI.create(denied.get("authorizeUrl").asText()).getRawQuery());
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(query.get("redirect_uri")
                + "?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state="
                + query.get("state"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("access_denied", "&lt;script&gt;").doesNotContain("<script>");

        issueRefreshToken = false;
        HttpResponse<String> noRefresh = consent(authorize(connectBody()), "code-abc-2");
        assertThat(noRefresh.statusCode()).isEqualTo(502);
        assertThat(noRefresh.body()).contains("issued no refresh token", "offline")
                .doesNotContain(CLIENT_SECRET);

        issueRefreshToken = true;
        HttpResponse<String> wrongCode = consent(authorize(connectBody()), "code-abc-3", "code-tampered-9");
        assertThat(wrongCode.statusCode()).isEqualTo(502);
        assertThat(wrongCode.body()).contains("invalid_grant", "redirect URI")
                .doesNotContain("code-tampered-9");

        JsonNode late = authorize(connectBody());
        clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> expired = consent(late, "code-abc-4");
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("unknown or expired");
        assertThat(api.call("GET", "/api/v1/credentials/crm-oauth", null, null).statusCode())
                .as("nothing was stored").isEqualTo(404);
    }

    @Test
    void theConnectionsFieldsAreCheckedBeforeTheProviderIsInvolved() throws Exception {
        HttpResponse<String> noUrl = api.call("POST", "/api/v1/credentials/crm-oauth/oauth2/authorize",
                "{\"tokenUrl\": \"" + providerBase() + "/token\", \"clientId\": \"c\"}", "application/json");
        assertThat(noUrl.statusCode()).isEqualTo(400);
        assertThat(noUrl.body()).contains("authorizationUrl");
        HttpResponse<String> badToken = api.call("POST", "/api/v1/credentials/crm-oauth/oauth2/authorize",
                "{\"authorizationUrl\": \"" + providerBase()
                        + "/authorize\", \"tokenUrl\": \"ftp://x/token\","
                        + " \"clientId\": \"c\"}",
                "application/json");
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertThat(badToken.body()).contains("tokenUrl");
        HttpResponse<String> reserved = api.call("POST", "/api/v1/credentials/crm-oauth/oauth2/authorize",
                "{\"authorizationUrl\": \"" + providerBase() + "/authorize\", \"tokenUrl\": \""
                        + providerBase()
                        + "/token\", \"clientId\": \"c\", \"parameters\": {\"state\": \"x\"}}",
                "application/json");
        assertThat(reserved.statusCode()).isEqualTo(400);
        assertThat(reserved.body()).contains("parameters.state is set by Weft");
    }
}
