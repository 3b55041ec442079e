package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.client.HttpClient;

/**
 * The OAuth 2.0 JWT bearer grant (RFC 7523 2.1) of one {@code oauth2JwtBearer} credential: each fetch signs a
 * fresh assertion ({@code iss} the client id, {@code sub} the subject, {@code aud} the audience or else the
 * token URL, {@code iat}, {@code exp} {@link #ASSERTION_LIFETIME} later, a random {@code jti}) and posts it
 * as {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}. The client authenticates with the
 * assertion alone, so no client secret is sent. Called by one thread at a time ({@link OAuth2Auth} holds its
 * lock).
 */
final class JwtBearerGrant implements OAuth2Auth.Grant {
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /**
     * How long an assertion is valid: Salesforce refuses one whose {@code exp} is more than 3 minutes away,
     * and it is used at once.
     */
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(2);

    private final Credential.OAuth2JwtBearer credential;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final String system;

    JwtBearerGrant(String system, Credential.OAuth2JwtBearer credential, HttpClient http, Clock clock) {
        this.system = system;
        this.credential = credential;
        this.endpoint = new TokenEndpoint(system, credential.tokenUrl(), http);
        this.clock = clock;
    }

    @Override
    public JsonNode fetch() throws ConnectorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        form.put("assertion", assertion());
        if (credential.scope() != null && !credential.scope().isBlank()) {
            form.put("scope", credential.scope());
        }
        TokenEndpoint.Answer answer = endpoint.post(form, null, null);
        if (!answer.issued()) {
            throw endpoint.refusal("gateway.oauth2", answer,
                    answer.status() == 400 || answer.status() == 401
                            ? "check the credential's clientId, subject, audience and privateKey, and that the"
                                    + " key's certificate is registered with the provider for this client"
                            : "",
                    null, List.of(credential.privateKey()));
        }
        return answer.body();
    }

    /** The signed assertion, compact-serialized. */
    String assertion() throws ConnectorException {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(credential.algorithm());
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(credential.clientId())
                .subject(credential.subject())
                .audience(credential.audience() != null ? credential.audience() : credential.tokenUrl())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .jwtID(UUID.randomUUID().toString()).build();
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT);
        if (credential.keyId() != null) {
            header.keyID(credential.keyId());
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(signer(algorithm));
        } catch (JOSEException | IllegalArgumentException e) {
            // nimbus refuses an RSA key under 2048 bits with an IllegalArgumentException
            throw keyError("cannot sign with it: " + e.getMessage());
        }
        return jwt.serialize();
    }

    private JWSSigner signer(JWSAlgorithm algorithm) throws ConnectorException, JOSEException {
        boolean rsa = JWSAlgorithm.Family.RSA.contains(algorithm);
        PrivateKey key = privateKey(rsa ? "RSA" : "EC");
        return rsa ? new RSASSASigner(key) : new ECDSASigner((ECPrivateKey) key);
    }

    /** The credential's PKCS#8 PEM key; the error never quotes it. */
    private PrivateKey privateKey(String kind) throws ConnectorException {
        String pem = credential.privateKey();
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw keyError("it is not a PKCS#8 PEM key (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE"
                    + " KEY-----)");
        }
        String base64 = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end)
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw keyError(
                    "its PEM body is not Base64 (a key pasted with literal \\n instead of line breaks?)");
        }
        try {
            return KeyFactory.getInstance(kind).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw keyError("it is not an " + kind + " key, which algorithm " + credential.algorithm()
                    + " needs (RS* take an RSA key, ES* an EC key)");
        }
    }

    private ConnectorException keyError(String problem) {
        return ConnectorException.permanent("gateway.oauth2",
                "the privateKey of the oauth2JwtBearer credential"
                        + " of system '" + system + "' is unusable: " + problem
                        + "; replace it with the PKCS#8 PEM of the key registered with the provider",
                null, null);
    }
}
