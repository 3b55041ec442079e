package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.server.access.OidcLogin;
import dev.weft.server.config.AuthSettings;
import dev.weft.server.config.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on against a real OpenID Connect provider run in-process (mock-oauth2-server): a user signs in
 * through the browser flow and lands in the tenant and role its claims say; ID tokens with a wrong audience,
 * past their expiry, signed by another key or for another sign-in are refused.
 */
class OidcLoginIT {
    private static final String KEY = "test-admin-key-0123456789abcdef";
    private static final String ISSUER_ID = "corp";
    private static final String CLIENT = "weft";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @TempDir
    java.nio.file.Path data;
    private MockOAuth2Server provider;
    private WeftServer server;
    private AuthSettings.Oidc config;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", KEY),
                Clock.systemUTC());
        int port = server.port();
        server.close();
        // The redirect URI names the server's port, known once it has started: start it again on that port.
        config = new AuthSettings.Oidc(provider.issuerUrl(ISSUER_ID).toString(), CLIENT, "client-secret-1",
                "http://127.0.0.1:" + port + "/auth/oidc/callback", List.of("openid", "email"), "weft_tenant",
                "weft_role", "email", null, null);
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(port)
                .withEgressAllow(List.of("127.0.0.1/32"))
                .withAuth(new AuthSettings(AuthSettings.DEFAULT_SESSION_TTL, config)),
                Map.of("WEFT_ADMIN_API_KEY", KEY), Clock.systemUTC());
        new ServerCalls(server.port(), KEY).call("POST", "/api/v1/tenants", "{\"id\": \"beta\"}",
                "application/json");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    private static HttpResponse<String> get(String url, String cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookies != null && !cookies.isEmpty()) {
            b.header("Cookie", cookies);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookies(HttpResponse<?> r) {
        List<String> pairs = new ArrayList<>();
        for (String c : r.headers().allValues("Set-Cookie")) {
            String pair = c.substring(0, c.indexOf(';'));
            if (!pair.endsWith("=")) {
                pairs.add(pair);
            }
        }
        return String.join("; ", pairs);
    }

    /** The browser's journey: Weft, the provider, back to Weft's callback; the last answer and its cookies. */
    private HttpResponse<String> signIn() throws Exception {
        HttpResponse<String> toProvider = get(
                "http://127.0.0.1:" + server.port() + "/auth/oidc/login?redirect=/ui",
                null);
        assertThat(toProvider.statusCode()).as(toProvider.body()).isEqualTo(302);
        String oidcCookie = cookies(toProvider);
        assertThat(oidcCookie).startsWith(OidcLogin.COOKIE + "=");
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).contains("code_challenge_method=S256", "nonce=", "state=", "client_id=weft");

        HttpResponse<String> back = get(authorize, null);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(config.redirectUri());
        return get(callback, oidcCookie);
    }

    private void claims(String subject, Map<String, Object> claims) {
        provider.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT), claims,
                        3600));
    }

    @Test
    void aUserLandsInTheTenantAndRoleItsClaimsSay() throws Exception {
        claims("ann-123",
                Map.of("email", "ann@corp.example", "weft_tenant", "beta", "weft_role", "operator"));

        HttpResponse<String> landed = signIn();

        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        assertThat(landed.headers().firstValue("Location")).contains("/ui");
        String session = cookies(landed);
        assertThat(session).contains("weft_session=", "weft_csrf=");
        JsonNode me = ServerCalls.JSON
                .readTree(get("http://127.0.0.1:" + server.port() + "/api/v1/auth/session",
                        session).body());
        assertThat(me.get("tenant").asText()).isEqualTo("beta");
        assertThat(me.get("role").asText()).isEqualTo("operator");
        assertThat(me.get("login").asText()).isEqualTo("ann@corp.example");

        JsonNode users = new ServerCalls(server.port(), KEY).get("/api/v1/tenants/beta/users").get("users");
        assertThat(users).hasSize(1);
        assertThat(users.get(0).get("signIn").asText()).isEqualTo("sso");
        ServerCalls admin = new ServerCalls(server.port(), KEY);
        assertThat(admin.call("PATCH", "/api/v1/tenants/beta/users/" + users.get(0).get("id").asText(),
                "{\"namespaces\": [\"ops\"]}", "application/json").statusCode()).isEqualTo(200);
        claims("ann-123",
                Map.of("email", "ann@corp.example", "weft_tenant", "beta", "weft_role", "operator"));
        String again = cookies(signIn());
        JsonNode limited = ServerCalls.JSON
                .readTree(get("http://127.0.0.1:" + server.port() + "/api/v1/auth/session",
                        again).body());
        assertThat(limited.get("namespaces")).as("a sign-in keeps the namespaces an administrator set")
                .extracting(JsonNode::asText).containsExactly("ops");
        JsonNode audit = new ServerCalls(server.port(), KEY).get("/api/v1/audit");
        assertThat(audit.toString()).doesNotContain(session.substring(session.indexOf("weft_session=") + 13,
                session.indexOf("weft_session=") + 40));
    }

    @Test
    void theSignInPageLearnsThatSingleSignOnIsConfigured() throws Exception {
        HttpResponse<String> methods = get("http://127.0.0.1:" + server.port() + "/api/v1/auth/methods",
                null);
        assertThat(methods.statusCode()).isEqualTo(200);
        JsonNode body = ServerCalls.JSON.readTree(methods.body());
        assertThat(body.get("oidc").asBoolean()).isTrue();
        assertThat(body.get("oidcLoginPath").asText()).isEqualTo("/auth/oidc/login");
        assertThat(methods.body()).doesNotContain(CLIENT).doesNotContain("secret");
    }

    @Test
    void aTokenWithoutATenantOrRoleIsRefusedAndTheCallbackNeedsItsBrowsersState() throws Exception {
        claims("bob-9", Map.of("email", "bob@corp.example", "weft_tenant", "beta"));
        HttpResponse<String> refused = signIn();
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("sso.no_role", "weft_role");

        HttpResponse<String> toProvider = get("http://127.0.0.1:" + server.port() + "/auth/oidc/login", null);
        HttpResponse<String> back = get(toProvider.headers().firstValue("Location").orElseThrow(), null);
        HttpResponse<String> forged = get(back.headers().firstValue("Location").orElseThrow(), null);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("no sign-in is in progress");
    }

    @Test
    void theLandingIsAPathOfThisServerOnly() throws Exception {
        for (String evil : List.of("https://evil.example/x", "//evil.example/x", "/ok%0D%0ASet-Cookie:x=1",
                "/\\evil.example")) {
            HttpResponse<String> r = get("http://127.0.0.1:" + server.port() + "/auth/oidc/login?redirect="
                    + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8), null);
            String cookie = cookies(r);
            String landing = new String(java.util.Base64.getUrlDecoder().decode(
                    cookie.substring(cookie.lastIndexOf('.') + 1)), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(landing).as(evil).isEqualTo("/");
        }
    }

    /** The validator the callback uses, against tokens made to be wrong. */
    @Test
    void idTokensWithAWrongAudienceExpiredSignedByAnotherKeyOrForAnotherSignInAreRefused() throws Exception {
        EgressGuard guard = EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test"));
        try (OidcLogin login = new OidcLogin(config, guard)) {
            String good = provider
                    .issueToken(ISSUER_ID, "ann", new DefaultOAuth2TokenCallback(ISSUER_ID, "ann",
                            "JWT", List.of(CLIENT), Map.of("nonce", "n-1"), 3600))
                    .serialize();
            assertThat(login.verify(good, "n-1").getSubject()).isEqualTo("ann");

            String otherAudience = provider
                    .issueToken(ISSUER_ID, "ann", new DefaultOAuth2TokenCallback(ISSUER_ID,
                            "ann", "JWT", List.of("someone-else"), Map.of("nonce", "n-1"), 3600))
                    .serialize();
            assertThatThrownBy(() -> login.verify(otherAudience, "n-1"))
                    .isInstanceOf(OidcLogin.LoginException.class)
                    .hasMessageContaining("aud");

            String expired = provider
                    .issueToken(ISSUER_ID, "ann", new DefaultOAuth2TokenCallback(ISSUER_ID, "ann",
                            "JWT", List.of(CLIENT), Map.of("nonce", "n-1"), -3600))
                    .serialize();
            assertThatThrownBy(() -> login.verify(expired, "n-1"))
                    .isInstanceOf(OidcLogin.LoginException.class)
                    .hasMessageContaining("xpired");

            assertThatThrownBy(() -> login.verify(good, "n-2")).as("another sign-in's token")
                    .isInstanceOf(OidcLogin.LoginException.class).hasMessageContaining("nonce");

            RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
            SignedJWT forged = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                            .keyID(stranger.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(config.issuer())
                            .subject("ann").audience(CLIENT).claim("nonce", "n-1").issueTime(new Date())
                            .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
            forged.sign(new RSASSASigner(stranger));
            assertThatThrownBy(() -> login.verify(forged.serialize(), "n-1"))
                    .isInstanceOf(OidcLogin.LoginException.class).hasMessageContaining("key");

            String providersKid = SignedJWT.parse(good).getHeader().getKeyID();
            SignedJWT sameKid = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                            .keyID(providersKid).build(),
                    forged.getJWTClaimsSet());
            sameKid.sign(new RSASSASigner(stranger));
            assertThatThrownBy(() -> login.verify(sameKid.serialize(), "n-1"))
                    .as("another key under the provider's key id")
                    .isInstanceOf(OidcLogin.LoginException.class)
                    .hasMessageContaining("signature");
        }
    }
}
