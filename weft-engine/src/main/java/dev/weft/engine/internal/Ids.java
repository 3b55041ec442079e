package dev.weft.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Execution ids. A start that may be repeated (a webhook delivered twice, a schedule slot fired by two
 * nodes, a completion seen twice) derives its id from what identifies it, so that the repeat collides
 * with the first and starts nothing new.
 */
public final class Ids {
    private Ids() {
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /** The same id for the same tenant and key, a different one for any other. */
    public static String forKey(String tenant, String key) {
        return UUID.nameUUIDFromBytes((tenant + "\n" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
