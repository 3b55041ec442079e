package dev.weft.webhooks;

/** How an {@code hmac} scheme writes the signature bytes in its header, as written in {@code encoding}. */
public enum SignatureEncoding {
    /** Lower-case hexadecimal; upper case is accepted when verifying. */
    HEX("hex"),
    /** Standard base64 with padding (RFC 4648 section 4). */
    BASE64("base64");

    private final String label;

    SignatureEncoding(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
