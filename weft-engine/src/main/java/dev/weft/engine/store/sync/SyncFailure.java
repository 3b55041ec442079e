package dev.weft.engine.store.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * A record that could not be synced: read from {@code side} with {@code key}, refused by the other side (or
 * not mappable). Kept until a later run syncs it; each run retries it. Immutable.
 *
 * @param code a stable error code ({@code mariadb.constraint}, {@code sync.mapping})
 * @param message what went wrong, for people; never holds a secret
 * @param attempts how many runs tried it
 */
public record SyncFailure(SyncSide side, String key, String code, String message, int attempts, long runId,
        Instant firstFailedAt, Instant lastFailedAt) {

    public SyncFailure {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(firstFailedAt, "firstFailedAt");
        Objects.requireNonNull(lastFailedAt, "lastFailedAt");
    }
}
