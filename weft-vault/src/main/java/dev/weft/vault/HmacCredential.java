package dev.weft.vault;

import java.util.List;
import java.util.Optional;

/**
 * A key that signs each outgoing request with an HMAC (type {@code hmac}); docs/gateway.md gives the
 * string signed and the headers sent. Immutable.
 *
 * @param keyId the key's id, sent with the signature so that the receiver knows which key to check with
 * @param algorithm {@code HmacSHA256} (the default) or {@code HmacSHA512}
 * @param header the header that carries the signature ({@link #DEFAULT_HEADER} unless set)
 */
public record HmacCredential(
        String name,
        int version,
        Optional<String> keyId,
        String secret,
        String algorithm,
        String header) implements Credential {

    /** The algorithms a credential may name, as the JDK's {@code Mac} names them. */
    public static final List<String> ALGORITHMS = List.of("HmacSHA256", "HmacSHA512");
    public static final String DEFAULT_ALGORITHM = "HmacSHA256";
    public static final String DEFAULT_HEADER = "X-Weft-Signature";
    /** The header that carries the signed timestamp; a credential's {@code header} cannot be this one. */
    public static final String TIMESTAMP_HEADER = "X-Weft-Timestamp";

    @Override
    public CredentialType type() {
        return CredentialType.HMAC;
    }

    @Override
    public List<String> secretValues() {
        return List.of(secret);
    }

    @Override
    public String toString() {
        return "HmacCredential[name=" + name + ", version=" + version + ", keyId=" + keyId.orElse("")
                + ", secret=" + REDACTED + ", algorithm=" + algorithm + ", header=" + header + "]";
    }
}
