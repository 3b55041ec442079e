package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.store.AuditEntry;
import dev.weft.gateway.AuthorizationCodeGrant;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.server.access.Auditor;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.server.ops.PlatformEvents;
import dev.weft.vault.CredentialInfo;
import dev.weft.vault.InvalidCredentialException;
import dev.weft.vault.Vault;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.HttpClient;

/**
 * Connecting an OAuth 2.0 credential by the authorization code flow with PKCE (RFC 6749 4.1, RFC 7636):
 * {@code POST /api/v1/credentials/{name}/oauth2/authorize} answers the provider's consent URL; the browser
 * that opens it comes back to {@code GET /oauth2/callback}, where the code is redeemed at the token URL and
 * the refresh token stored as the {@code oauth2RefreshToken} credential {@code name}. A connection in
 * progress is kept by the node that started it, for {@link #PENDING}, and is used once: its {@code state} is
 * 256 random bits and its PKCE verifier never leaves the node. docs/design/oauth2-connect.md says why.
 * Thread-safe.
 */
public final class OAuthConnectApi implements AutoCloseable {
    /** How long a started connection waits for its callback. */
    static final Duration PENDING = Duration.ofMinutes(10);
    /** Connections in progress at most, across tenants: more are refused until some end or expire. */
    static final int MAX_PENDING = 1_000;
    public static final String CALLBACK = "/oauth2/callback";
    /** Authorization request parameters the platform sets itself (RFC 6749 4.1.1, RFC 7636 4.3). */
    private static final Set<String> RESERVED = Set.of("response_type", "client_id", "redirect_uri", "state",
            "scope", "code_challenge", "code_challenge_method");
    private static final List<String> FIELDS = List.of("authorizationUrl", "tokenUrl", "clientId",
            "clientSecret", "scope", "systems", "redirectUri", "parameters");

    private final Vault vault;
    private final PlatformEvents events;
    private final Auditor auditor;
    private final Clock clock;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** A connection waiting for its callback. Holds the client's secret: never logged. */
    private record Pending(String tenant, String name, String actor, String tokenUrl, String clientId,
            String clientSecret, String scope, String systems, String redirectUri, String verifier,
            Instant expiresAt) {
        @Override
        public String toString() {
            return "Pending[tenant=" + tenant + ", name=" + name + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** @param events told of a connection that replaced a credential ({@code credential.rotated}) */
    public OAuthConnectApi(Vault vault, Auditor auditor, EgressGuard egress, Clock clock,
            PlatformEvents events) {
        this.vault = vault;
        this.events = events;
        this.auditor = auditor;
        this.clock = clock;
        this.http = new HttpClient();
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty()); // shared by all tenants
        EgressGuard.install(egress, http);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the OAuth 2.0 connection HTTP client", e);
        }
        // A 401 from a token endpoint is an answer to read (RFC 6749 5.2), not a challenge for Jetty.
        http.getProtocolHandlers().clear();
    }

    public List<Route> routes() {
        return List.of(Route.api("POST", "/api/v1/credentials/{name}/oauth2/authorize", this::authorize),
                Route.open("GET", CALLBACK, this::callback));
    }

    private void authorize(Exchange x) {
        JsonNode body = x.jsonBody();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body.invalid", "the body is a JSON object: {authorizationUrl,"
                    + " tokenUrl, clientId, clientSecret?, scope?, systems?, redirectUri?, parameters?}");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("body.invalid", "field '" + f + "' is not a field of an OAuth"
                        + " 2.0 connection (fields " + String.join(", ", FIELDS) + ")");
            }
        });
        String name = x.param("name");
        String authorizationUrl = url(body, "authorizationUrl", true);
        String redirectUri = body.hasNonNull("redirectUri")
                ? url(body, "redirectUri", true)
                : callbackOf(x);
        Map<String, String> parameters = parameters(body.get("parameters"));
        // What the credential will be, checked now with a stand-in for the refresh token to come.
        ObjectNode credential = credentialBody(body, "refresh token to come");
        try {
            vault.check(name, credential);
        } catch (InvalidCredentialException e) {
            throw ApiException.badRequest("credential.invalid", e.getMessage());
        }
        Instant now = clock.instant();
        pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
        if (pending.size() >= MAX_PENDING) {
            throw new ApiException(429, "oauth2.too_many_pending",
                    "too many OAuth 2.0 connections are waiting"
                            + " for their callback on this node; try again within " + PENDING.toMinutes()
                            + " minutes");
        }
        String state = random();
        String verifier = random();
        Pending p = new Pending(x.tenant(), name, x.principal().actor(), text(body, "tokenUrl"),
                text(body, "clientId"), text(body, "clientSecret"), text(body, "scope"),
                text(body, "systems"),
                redirectUri, verifier, now.plus(PENDING));
        pending.put(state, p);

        StringJoiner query = new StringJoiner("&");
        query.add("response_type=code");
        query.add("client_id=" + encode(p.clientId()));
        query.add("redirect_uri=" + encode(redirectUri));
        if (p.scope() != null) {
            query.add("scope=" + encode(p.scope()));
        }
        query.add("state=" + state);
        query.add(
                "code_challenge=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier)));
        query.add("code_challenge_method=S256");
        parameters.forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
        ObjectNode answer = Exchange.JSON.createObjectNode();
        answer.put("authorizeUrl", authorizationUrl + (authorizationUrl.contains("?") ? "&" : "?") + query);
        answer.put("redirectUri", redirectUri);
        answer.put("expiresAt", p.expiresAt().toString());
        x.json(200, answer);
    }

    private void callback(Exchange x) {
        String state = x.queryParam("state");
        Pending p = state == null ? null : pending.remove(state);
        if (p == null || !clock.instant().isBefore(p.expiresAt())) {
            page(x, 400, "This connection is unknown or expired",
                    "Start it again from Weft (POST /api/v1/credentials/{name}/oauth2/authorize): a connection"
                            + " waits " + PENDING.toMinutes()
                            + " minutes for the provider, is used once, and is"
                            + " kept by the Weft node that started it.");
            return;
        }
        String error = x.queryParam("error");
        if (error != null) {
            String description = x.queryParam("error_description");
            audit(x, p, AuditEntry.FAILURE, 400);
            page(x, 400, "The provider did not grant access", "Credential " + p.name() + " is unchanged. The"
                    + " provider answered " + error + (description == null ? "" : ": " + description) + ".");
            return;
        }
        String code = x.queryParam("code");
        if (code == null || code.isEmpty()) {
            audit(x, p, AuditEntry.FAILURE, 400);
            page(x, 400, "The provider sent no code", "Credential " + p.name() + " is unchanged. Start the"
                    + " connection again.");
            return;
        }
        AuthorizationCodeGrant.Issued issued;
        try {
            issued = AuthorizationCodeGrant.redeem(http, p.name(), p.tokenUrl(), p.clientId(),
                    p.clientSecret(),
                    code, p.redirectUri(), p.verifier());
        } catch (ConnectorException e) {
            audit(x, p, AuditEntry.FAILURE, 502);
            page(x, 502, "The provider did not issue a refresh token", "Credential " + p.name()
                    + " is unchanged. " + e.getMessage());
            return;
        }
        ObjectNode credential = credentialBody(p, issued);
        CredentialInfo info;
        try {
            info = vault.put(p.tenant(), p.name(), credential);
        } catch (InvalidCredentialException e) {
            audit(x, p, AuditEntry.FAILURE, 400);
            page(x, 400, "The credential could not be stored", e.getMessage());
            return;
        }
        audit(x, p, AuditEntry.SUCCESS, 200);
        events.credentialReplaced(p.tenant(), info);
        page(x, 200, "Connected", "Credential " + info.name() + " (version " + info.version() + ") now holds"
                + " the provider's refresh token" + (issued.scope() == null ? "" : " for " + issued.scope())
                + ". You can close this window.");
    }

    private static ObjectNode credentialBody(JsonNode body, String refreshToken) {
        ObjectNode c = Exchange.JSON.createObjectNode().put("type", "oauth2RefreshToken");
        for (String f : List.of("tokenUrl", "clientId", "clientSecret")) {
            if (body.has(f)) {
                c.set(f, body.get(f));
            }
        }
        c.put("refreshToken", refreshToken);
        for (String f : List.of("scope", "systems")) {
            if (body.has(f)) {
                c.set(f, body.get(f));
            }
        }
        return c;
    }

    private static ObjectNode credentialBody(Pending p, AuthorizationCodeGrant.Issued issued) {
        ObjectNode c = Exchange.JSON.createObjectNode().put("type", "oauth2RefreshToken")
                .put("tokenUrl", p.tokenUrl()).put("clientId", p.clientId());
        if (p.clientSecret() != null) {
            c.put("clientSecret", p.clientSecret());
        }
        c.put("refreshToken", issued.refreshToken());
        String scope = p.scope() != null ? p.scope() : issued.scope();
        if (scope != null) {
            c.put("scope", scope);
        }
        if (p.systems() != null) {
            c.put("systems", p.systems());
        }
        return c;
    }

    private void audit(Exchange x, Pending p, String outcome, int status) {
        auditor.append(new AuditEntry(p.tenant(), clock.instant(), p.actor(), "credential.oauth2_connect",
                "/api/v1/credentials/" + p.name(), outcome, status, x.clientAddress(), x.header("User-Agent"),
                null, null));
    }

    /** A small page for the person in the browser; every text is escaped. */
    private static void page(Exchange x, int status, String title, String text) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Weft: " + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1><p>" + escape(text)
                + "</p></body></html>";
        x.send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Security-Policy", "default-src 'none'", "Cache-Control", "no-store",
                        "Referrer-Policy", "no-referrer"));
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** This server's callback, on the address the request came to: the redirect URI when none is given. */
    private static String callbackOf(Exchange x) {
        URI called = URI.create(x.url());
        return called.getScheme() + "://" + called.getRawAuthority() + CALLBACK;
    }

    private static String url(JsonNode body, String field, boolean required) {
        String value = text(body, field);
        if (value == null) {
            if (required) {
                throw ApiException.badRequest("body.invalid",
                        "field '" + field + "' is required: the absolute"
                                + " http or https URL" + (field.equals("authorizationUrl")
                                        ? " of the provider's consent page (its authorization endpoint)"
                                        : ""));
            }
            return null;
        }
        try {
            URI uri = new URI(value);
            if ((uri.getScheme() == null || !uri.getScheme().matches("(?i)https?")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("body.invalid", "field '" + field + "' must be an absolute http or"
                    + " https URL without user info or fragment");
        }
        return value;
    }

    private static Map<String, String> parameters(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("body.invalid",
                    "field 'parameters' must be an object of strings, such"
                            + " as {\"access_type\": \"offline\", \"prompt\": \"consent\"}");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (RESERVED.contains(e.getKey())) {
                throw ApiException.badRequest("body.invalid", "parameters." + e.getKey() + " is set by Weft"
                        + (e.getKey().equals("scope") ? " from field 'scope'" : "") + "; remove it");
            }
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("body.invalid",
                        "parameters." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("body.invalid", "field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private String random() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // stopping: nothing else to do with its threads
        }
    }
}
