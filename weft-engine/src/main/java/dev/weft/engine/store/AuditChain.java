package dev.weft.engine.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How an audit entry's hash is computed: SHA-256 over the previous entry's hash, the entry's sequence number
 * and every field, each length-prefixed so that no two different entries hash alike. Changing, removing
 * or inserting an entry breaks the chain at that entry; {@code weft audit verify} recomputes it.
 */
public final class AuditChain {
    /** The "previous hash" of a tenant's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String previous, long seq, AuditEntry e) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException("every Java platform has SHA-256", x);
        }
        for (String field : new String[]{previous, Long.toString(seq), e.tenant(),
                Long.toString(e.at().toEpochMilli()), e.actor(), e.action(), e.resource(), e.outcome(),
                Integer.toString(e.status()), e.clientAddress(), e.userAgent(), e.before(), e.after()}) {
            byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) (field == null ? 0 : 1));
            sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The hex SHA-256 of a view's text, for an entry's before and after. */
    public static String digest(String view) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(view.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException("every Java platform has SHA-256", x);
        }
    }
}
