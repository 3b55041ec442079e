package dev.weft.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in user's session: never the session token itself, only its SHA-256, which is the row's id.
 * Immutable.
 *
 * @param id the lower-case hex SHA-256 of the session token the cookie carries
 * @param csrfHash the SHA-256 of the CSRF token that cookie-authenticated changes must send back
 * @param expiresAt when the session ends, whatever its use
 */
public record SessionRecord(String id, String tenantId, String userId, String csrfHash, Instant createdAt,
        Instant expiresAt) {
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(csrfHash, "csrfHash");
    }
}
