package dev.weft.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMACs over byte parts, constant-time comparison and secret decoding, shared by verifiers and signers. */
final class Crypto {
    static final byte[] DOT = {'.'};
    private static final String STANDARD_WEBHOOKS_PREFIX = "whsec_";

    private Crypto() {
    }

    /** The HMAC of the parts concatenated, without copying the body into a larger array. */
    static byte[] hmac(String jcaName, byte[] key, byte[]... parts) {
        try {
            // A new Mac per call: Mac is not thread-safe, and verifiers are shared by request threads.
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(key, jcaName));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every JDK provides HmacSHA1/256/512 and accepts any non-empty key for them.
            throw new IllegalStateException("HMAC " + jcaName + " is unavailable", e);
        }
    }

    /** Compares in time that depends on the lengths only, never on where the first difference is. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /**
     * Compares a presented token with a secret in time independent of both contents and lengths, by
     * comparing their SHA-256 digests.
     */
    static boolean sameToken(byte[] presented, byte[] secret) {
        return MessageDigest.isEqual(sha256(presented), sha256(secret));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /**
     * The HMAC key of a Standard Webhooks secret: {@code whsec_} followed by base64, or bare base64;
     * empty when the secret is neither or decodes to no bytes.
     */
    static Optional<byte[]> standardWebhooksKey(byte[] secret) {
        String text = new String(secret, StandardCharsets.UTF_8).strip();
        if (text.startsWith(STANDARD_WEBHOOKS_PREFIX)) {
            text = text.substring(STANDARD_WEBHOOKS_PREFIX.length());
        }
        try {
            byte[] key = Base64.getDecoder().decode(text);
            return key.length == 0 ? Optional.empty() : Optional.of(key);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the exception's message may quote the secret's characters
        }
    }

    static void requireSome(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("secrets must hold at least one secret, but was empty");
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
