package dev.weft.gateway;

import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs each request with an HMAC of its method, target, time and body (docs/gateway.md, "HMAC request
 * signing"): the string signed is
 *
 * <pre>
 * METHOD + "\n" + path ("/" when empty) + ("?" + query, when there is one, both as sent: percent-encoded)
 *        + "\n" + timestamp (Unix seconds) + "\n" + lowercase hex SHA-256 of the body bytes
 * </pre>
 *
 * with the secret's UTF-8 bytes as the key; the signature goes in the credential's header as
 * {@code keyId=<id>,algorithm=<HmacSHA256|HmacSHA512>,signature=<base64>} ({@code keyId} left out when the
 * credential has none), the timestamp in {@link #TIMESTAMP_HEADER}. Time comes from the gateway's clock.
 * Thread-safe.
 */
final class HmacAuth implements OutboundAuth {
    /** The header that carries the signed timestamp. */
    static final String TIMESTAMP_HEADER = "X-Weft-Timestamp";

    private final String system;
    private final Credential.Hmac credential;
    private final SecretKeySpec key;
    private final Clock clock;

    HmacAuth(String system, Credential.Hmac credential, Clock clock) {
        this.system = system;
        this.credential = credential;
        this.key = new SecretKeySpec(credential.secret().getBytes(StandardCharsets.UTF_8),
                credential.algorithm());
        this.clock = clock;
    }

    @Override
    public Authorization authorize(String method, URI uri, byte[] body) throws ConnectorException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = Base64.getEncoder().encodeToString(mac().doFinal(
                signedString(method, uri, timestamp, body).getBytes(StandardCharsets.UTF_8)));
        String value = (credential.keyId() == null ? "" : "keyId=" + credential.keyId() + ",")
                + "algorithm=" + credential.algorithm() + ",signature=" + signature;
        return new Authorization(Map.of(credential.header(), value, TIMESTAMP_HEADER, timestamp), Map.of());
    }

    /** The exact string signed; see the class comment. */
    static String signedString(String method, URI uri, String timestamp, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null || uri.getRawQuery().isEmpty()
                ? ""
                : "?" + uri.getRawQuery();
        return method.toUpperCase(Locale.ROOT) + "\n" + path + query + "\n" + timestamp + "\n"
                + HexFormat.of().formatHex(sha256(body == null ? new byte[0] : body));
    }

    private Mac mac() throws ConnectorException {
        try {
            Mac mac = Mac.getInstance(credential.algorithm());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // The message names the algorithm, never the key.
            throw ConnectorException.permanent("gateway.hmac", "system '" + system + "' cannot sign with "
                    + credential.algorithm() + ": " + e.getMessage() + "; use HmacSHA256 or HmacSHA512", null,
                    null);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A signature cannot be renewed: a 401 is the call's answer. */
    @Override
    public boolean renew(Authorization rejected) {
        return false;
    }

    @Override
    public String toString() {
        return "HmacAuth[system=" + system + ", " + credential + "]";
    }
}
