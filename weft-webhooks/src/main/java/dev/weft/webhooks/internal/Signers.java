package dev.weft.webhooks.internal;

import java.time.Instant;
import java.util.List;

/** Argument checks the signers share; messages never contain a secret. */
final class Signers {
    private Signers() {
    }

    static void requireId(String id) {
        if (id == null || !Refusals.validId(id)) {
            throw new IllegalArgumentException(
                    "id must be 1 to 256 printable ASCII characters without spaces, but was \"" + id + "\"");
        }
    }

    static String seconds(Instant timestamp) {
        if (timestamp.getEpochSecond() < 0) {
            throw new IllegalArgumentException("timestamp must not be before 1970, but was " + timestamp);
        }
        return Long.toString(timestamp.getEpochSecond());
    }

    /** The one secret of a scheme whose header carries one value. */
    static byte[] onlySecret(String scheme, List<byte[]> secrets) {
        if (secrets.size() != 1) {
            throw new IllegalArgumentException(
                    scheme + " signs with exactly one secret, but was given " + secrets.size());
        }
        if (secrets.getFirst().length == 0) {
            throw new IllegalArgumentException(scheme + " cannot sign with an empty secret");
        }
        return secrets.getFirst();
    }
}
