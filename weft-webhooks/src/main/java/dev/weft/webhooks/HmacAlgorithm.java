package dev.weft.webhooks;

/** The hash of an {@code hmac} scheme, as written in {@code algorithm}. */
public enum HmacAlgorithm {
    /** For senders that offer nothing better (GitHub's legacy {@code X-Hub-Signature}). */
    SHA1("sha1", "HmacSHA1"), SHA256("sha256", "HmacSHA256"), SHA512("sha512", "HmacSHA512");

    private final String label;
    private final String jcaName;

    HmacAlgorithm(String label, String jcaName) {
        this.label = label;
        this.jcaName = jcaName;
    }

    /** The name flows use: {@code sha1}, {@code sha256} or {@code sha512}. */
    public String label() {
        return label;
    }

    /** The {@link javax.crypto.Mac} algorithm name. */
    public String jcaName() {
        return jcaName;
    }
}
