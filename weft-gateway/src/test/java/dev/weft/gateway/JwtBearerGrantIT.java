package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OAuth 2.0 JWT bearer grant (RFC 7523) against a token endpoint on 127.0.0.1 that checks the assertion
 * as Salesforce's does: the signature with the registered public key, {@code iss}, {@code sub}, {@code aud}
 * and an {@code exp} at most 3 minutes ahead; it answers {@code invalid_grant} otherwise.
 */
class JwtBearerGrantIT {
    static final KeyPair RSA = generate("RSA", null);
    static final KeyPair EC = generate("EC", "secp256r1");
    static final String AUDIENCE = "https://login.salesforce.example";

    HttpServer endpoint;
    final AtomicInteger issued = new AtomicInteger();
    final ConcurrentLinkedQueue<Map<String, String>> forms = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    final StoppedClock clock = new StoppedClock(Instant.now());
    TokenClient tokens;

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/services/oauth2/token", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            forms.add(form);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            String body;
            int status;
            if (!JwtBearerGrant.GRANT_TYPE.equals(form.get("grant_type")) || !valid(form.get("assertion"))) {
                status = 400;
                body = "{\"error\": \"invalid_grant\", \"error_description\": \"invalid assertion\"}";
            } else {
                status = 200;
                body = "{\"access_token\": \"00Dxx!at" + issued.incrementAndGet() + "\", \"token_type\":"
                        + " \"Bearer\", \"instance_url\": \"https://acme.my.salesforce.example\"}";
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
    }

    @AfterEach
    void stop() {
        tokens.close();
        endpoint.stop(0);
    }

    private boolean valid(String assertion) {
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            boolean signed = JWSAlgorithm.Family.RSA.contains(jwt.getHeader().getAlgorithm())
                    ? jwt.verify(new RSASSAVerifier((RSAPublicKey) RSA.getPublic()))
                    : jwt.verify(new ECDSAVerifier((ECPublicKey) EC.getPublic()));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date now = Date.from(clock.instant());
            return signed && "3MVG9-consumer-key".equals(claims.getIssuer())
                    && "integration@acme.example".equals(claims.getSubject())
                    && claims.getAudience().equals(List.of(AUDIENCE))
                    && claims.getExpirationTime().after(now)
                    && !claims.getExpirationTime()
                            .after(Date.from(clock.instant().plus(Duration.ofMinutes(3))))
                    && claims.getJWTID() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private OAuth2Auth auth(KeyPair keys, String algorithm) {
        return new OAuth2Auth(new JwtBearerGrant("salesforce", credential(pem(keys), algorithm),
                tokens.client(), clock), clock);
    }

    private Credential.OAuth2JwtBearer credential(String pem, String algorithm) {
        return new Credential.OAuth2JwtBearer("http://127.0.0.1:" + endpoint.getAddress().getPort()
                + "/services/oauth2/token", "3MVG9-consumer-key", "integration@acme.example", AUDIENCE, pem,
                "key-1", algorithm, null);
    }

    private static Authorization authorize(OAuth2Auth auth) throws ConnectorException {
        return auth.authorize("GET", URI.create("https://acme.my.salesforce.example/services/data"),
                new byte[0]);
    }

    @Test
    void anRsaSignedAssertionIsTradedForABearerTokenWithoutAClientSecret() throws Exception {
        OAuth2Auth auth = auth(RSA, "RS256");
        assertThat(authorize(auth).headers()).containsEntry("Authorization", "Bearer 00Dxx!at1");
        assertThat(authorize(auth).headers()).containsEntry("Authorization", "Bearer 00Dxx!at1");
        assertThat(issued).hasValue(1);
        assertThat(authorizations).as("the assertion authenticates the client").isEmpty();
        Map<String, String> form = forms.peek();
        assertThat(form).containsOnlyKeys("grant_type", "assertion");
        SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("key-1");
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void anEcKeySignsWithEs256AndEachRenewalSignsAFreshAssertion() throws Exception {
        OAuth2Auth auth = auth(EC, "ES256");
        Authorization first = authorize(auth);
        assertThat(first.headers()).containsEntry("Authorization", "Bearer 00Dxx!at1");
        // Salesforce gives no expires_in: the token is kept for the default lifetime, then renewed.
        clock.advance(OAuth2Auth.DEFAULT_LIFETIME);
        assertThat(authorize(auth).headers()).containsEntry("Authorization", "Bearer 00Dxx!at2");
        assertThat(auth.renew(authorize(auth))).isTrue();
        assertThat(issued).hasValue(3);
        assertThat(forms).extracting(f -> SignedJWT.parse(f.get("assertion")).getJWTClaimsSet().getJWTID())
                .doesNotHaveDuplicates();
    }

    @Test
    void aRefusedAssertionIsPermanentAndNamesWhatToCheck() {
        KeyPair other = generate("RSA", null);
        assertThatThrownBy(() -> authorize(auth(other, "RS256")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.code()).isEqualTo("gateway.oauth2");
                    assertThat(e.getMessage()).contains("salesforce", "400", "invalid_grant", "privateKey")
                            .doesNotContain("PRIVATE KEY");
                });
    }

    @Test
    void aKeyOfTheWrongKindIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> authorize(auth(RSA, "ES256")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("system 'salesforce'", "not an EC key", "ES256")
                            .doesNotContain(pem(RSA).substring(40, 80));
                });
        assertThatThrownBy(() -> authorize(new OAuth2Auth(new JwtBearerGrant("salesforce",
                credential("not a key", "RS256"), tokens.client(), clock), clock)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("not a PKCS#8 PEM key"));
        KeyPair small = generateRsa(1024);
        assertThatThrownBy(() -> authorize(auth(small, "RS256")))
                .as("nimbus refuses an RSA key under 2048 bits")
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("cannot sign with it", "2048");
                });
        String literal = pem(RSA).replace("\n", "\\n").replace("-----BEGIN PRIVATE KEY-----\\n",
                "-----BEGIN PRIVATE KEY-----\n");
        assertThatThrownBy(() -> authorize(new OAuth2Auth(new JwtBearerGrant("salesforce",
                credential(literal, "RS256"), tokens.client(), clock), clock)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("not Base64"));
        assertThat(forms).isEmpty();
    }

    static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static KeyPair generateRsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
}
