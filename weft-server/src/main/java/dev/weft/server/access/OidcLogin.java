package dev.weft.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.server.config.AuthSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.Fields;

/**
 * OpenID Connect single sign-on with one provider: the authorization code flow with PKCE (S256), a
 * {@code state} that ties the callback to the browser that started it, and a {@code nonce} that ties the ID
 * token to that sign-in. The ID token is verified here: its signature by a key of the provider's JWKS, its
 * issuer, its audience (the client id), its expiry (60 s of clock skew) and its nonce. Calls to the provider
 * go through the egress guard. Thread-safe.
 */
public final class OidcLogin implements AutoCloseable {
    /** The cookie that carries a sign-in in progress from the redirect to the callback. */
    public static final String COOKIE = "weft_oidc";
    static final Duration PENDING = Duration.ofMinutes(10);
    private static final Duration METADATA_TTL = Duration.ofHours(1);
    private static final Duration JWKS_RETRY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern LANDING = java.util.regex.Pattern.compile(
            "/[A-Za-z0-9/_.~%?=&+-]{0,500}");
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.EdDSA);

    /** A sign-in that failed: why, in words for the person and the log (never a token). */
    public static final class LoginException extends Exception {
        private static final long serialVersionUID = 1L;

        public LoginException(String message) {
            super(message);
        }

        public LoginException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the provider's discovery document says. */
    private record Metadata(String authorization, String token, String jwks, long readAt) {
    }

    /** Where the browser goes, and the cookie that remembers the sign-in until it comes back. */
    public record Redirect(String location, String cookie) {
    }

    private final AuthSettings.Oidc config;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private volatile Metadata metadata;
    private volatile JWKSet keys;
    private volatile long keysReadAt;

    public OidcLogin(AuthSettings.Oidc config, EgressGuard egress) {
        this.config = config;
        this.http = new HttpClient();
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty()); // shared by all sign-ins
        EgressGuard.install(egress, http);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the single sign-on HTTP client", e);
        }
    }

    public AuthSettings.Oidc config() {
        return config;
    }

    /**
     * Starts a sign-in: where to send the browser (the provider's authorization endpoint) and the cookie that
     * carries state, nonce, PKCE verifier and where to land afterwards.
     *
     * @param landing a path of this server to go to once signed in ({@code /} when none or not a path)
     */
    public Redirect start(String landing) throws LoginException {
        Metadata m = metadata();
        String state = random();
        String nonce = random();
        String verifier = random();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        // A path of this server only (no scheme, no host, no "//"), of plain URL characters: neither an open
        // redirect nor anything that could break out of the Location header it ends up in.
        String target = landing != null && LANDING.matcher(landing).matches() && !landing.startsWith("//")
                ? landing
                : "/";
        StringJoiner query = new StringJoiner("&");
        query.add("response_type=code");
        query.add("client_id=" + encode(config.clientId()));
        query.add("redirect_uri=" + encode(config.redirectUri()));
        query.add("scope=" + encode(String.join(" ", config.scopes())));
        query.add("state=" + state);
        query.add("nonce=" + nonce);
        query.add("code_challenge=" + challenge);
        query.add("code_challenge_method=S256");
        String cookieValue = state + "." + nonce + "." + verifier + "."
                + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(target.getBytes(StandardCharsets.UTF_8));
        return new Redirect(m.authorization() + (m.authorization().contains("?") ? "&" : "?") + query,
                cookieValue);
    }

    /** The sign-in the callback completes: its claims, and where to land. */
    public record Completed(JWTClaimsSet claims, String landing) {
    }

    /**
     * Completes a sign-in at the callback: checks the state against the cookie, exchanges the code (with the
     * PKCE verifier) for tokens and verifies the ID token.
     */
    public Completed complete(String code, String state, String cookie) throws LoginException {
        if (cookie == null) {
            throw new LoginException("no sign-in is in progress in this browser (the " + COOKIE + " cookie is"
                    + " missing or expired): start again at /auth/oidc/login");
        }
        String[] parts = cookie.split("\\.");
        if (parts.length != 4 || state == null
                || !MessageDigest.isEqual(parts[0].getBytes(StandardCharsets.UTF_8),
                        state.getBytes(StandardCharsets.UTF_8))) {
            throw new LoginException("the callback's state does not match the sign-in this browser started");
        }
        if (code == null || code.isBlank()) {
            throw new LoginException("the provider sent no authorization code");
        }
        String landing;
        try {
            landing = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new LoginException(
                    "the " + COOKIE + " cookie is malformed: start again at /auth/oidc/login");
        }
        if (!LANDING.matcher(landing).matches() || landing.startsWith("//")) {
            landing = "/";
        }
        JsonNode tokens = exchange(code, parts[2]);
        JsonNode idToken = tokens.get("id_token");
        if (idToken == null || !idToken.isTextual()) {
            throw new LoginException(
                    "the provider's token answer has no id_token (is the scope openid asked for?)");
        }
        return new Completed(verify(idToken.asText(), parts[1]), landing);
    }

    /** Verifies an ID token: signature (JWKS), issuer, audience, expiry, and the sign-in's nonce. */
    public JWTClaimsSet verify(String idToken, String nonce) throws LoginException {
        try {
            return processor(keys(false), nonce).process(idToken, null);
        } catch (BadJOSEException e) {
            if (e.getMessage() != null && e.getMessage().contains("matching key")) {
                // The provider may have rotated its keys since they were read: read them once more.
                try {
                    return processor(keys(true), nonce).process(idToken, null);
                } catch (BadJOSEException | com.nimbusds.jose.JOSEException
                        | java.text.ParseException again) {
                    throw new LoginException("the ID token is not valid: " + again.getMessage(), again);
                }
            }
            throw new LoginException("the ID token is not valid: " + e.getMessage(), e);
        } catch (com.nimbusds.jose.JOSEException | java.text.ParseException e) {
            throw new LoginException("the ID token is not valid: " + e.getMessage(), e);
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWKSet set, String nonce) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(set)));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(config.clientId()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).claim("nonce", nonce).build(),
                Set.of("sub", "iat", "exp", "nonce"),
                null));
        return p;
    }

    private JsonNode exchange(String code, String verifier) throws LoginException {
        Fields form = new Fields();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", config.redirectUri());
        form.add("code_verifier", verifier);
        if (config.clientSecret() == null) {
            form.add("client_id", config.clientId());
        }
        Request request = http.POST(metadata().token()).body(new FormRequestContent(form));
        if (config.clientSecret() != null) {
            String pair = encode(config.clientId()) + ":" + encode(config.clientSecret());
            request.headers(h -> h.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
        }
        return get(request, "the token endpoint");
    }

    private Metadata metadata() throws LoginException {
        Metadata m = metadata;
        if (m != null && System.nanoTime() - m.readAt() < METADATA_TTL.toNanos()) {
            return m;
        }
        String issuer = config.issuer().endsWith("/")
                ? config.issuer().substring(0, config.issuer().length() - 1)
                : config.issuer();
        JsonNode doc = get(http.newRequest(issuer + "/.well-known/openid-configuration"), "discovery");
        if (!config.issuer().equals(doc.path("issuer").asText())) {
            throw new LoginException(
                    "the provider's discovery document names issuer '" + doc.path("issuer").asText()
                            + "', not the configured auth.oidc.issuer '" + config.issuer() + "'");
        }
        for (String field : new String[]{"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
            if (!doc.path(field).isTextual()) {
                throw new LoginException("the provider's discovery document has no " + field);
            }
        }
        m = new Metadata(doc.get("authorization_endpoint").asText(), doc.get("token_endpoint").asText(),
                doc.get("jwks_uri").asText(), System.nanoTime());
        metadata = m;
        return m;
    }

    private JWKSet keys(boolean again) throws LoginException {
        JWKSet set = keys;
        long now = System.nanoTime();
        if (set != null && (!again || now - keysReadAt < JWKS_RETRY.toNanos())) {
            return set;
        }
        JsonNode doc = get(http.newRequest(metadata().jwks()), "the JWKS");
        try {
            set = JWKSet.parse(doc.toString());
        } catch (java.text.ParseException e) {
            throw new LoginException("the provider's JWKS cannot be read: " + e.getMessage(), e);
        }
        keys = set;
        keysReadAt = now;
        return set;
    }

    private static JsonNode get(Request request, String what) throws LoginException {
        ContentResponse r;
        try {
            r = request.timeout(10, TimeUnit.SECONDS).send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("interrupted while asking the identity provider's " + what, e);
        } catch (Exception e) {
            throw new LoginException("the identity provider's " + what + " at " + URI.create(request.getURI()
                    .toString()).getHost() + " cannot be reached: " + e.getMessage(), e);
        }
        if (r.getStatus() != 200) {
            // Never the body: a token endpoint's error may echo what was sent.
            throw new LoginException("the identity provider's " + what + " answered " + r.getStatus());
        }
        try {
            return JSON.readTree(r.getContent());
        } catch (java.io.IOException e) {
            throw new LoginException("the identity provider's " + what + " is not JSON", e);
        }
    }

    private String random() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A claim as text: a string, or the first string of an array; null when absent. */
    public static String claim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof java.util.List<?> list && !list.isEmpty()
                && list.getFirst() instanceof String s) {
            return s;
        }
        return null;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // Stopping a client: nothing is lost.
        }
    }
}
