package dev.weft.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Execution ids. A start that may be repeated (a webhook delivered twice, a schedule slot fired by two
 * nodes, a completion seen twice) derives its id from what identifies it, so that the repeat collides
 * with the first and starts nothing new.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /**
     * A new id: a version 7 UUID (RFC 9562), the creation time in milliseconds followed by 74 random bits.
     * Ids made later sort after earlier ones, so the store's indexes keyed by execution id (the executions'
     * and their steps') take new rows at their end instead of at a random page each: a commit of many
     * executions writes far fewer pages. The random part keeps them unguessable.
     */
    public static String random() {
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long millis = System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL;
        long high = millis << 16 | 0x7000 | (r[0] & 0x0FL) << 8 | r[1] & 0xFFL;
        long low = 0L;
        for (int i = 2; i < 10; i++) {
            low = low << 8 | r[i] & 0xFFL;
        }
        low = low & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** The same id for the same tenant and key, a different one for any other. */
    public static String forKey(String tenant, String key) {
        return UUID.nameUUIDFromBytes((tenant + "\n" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
