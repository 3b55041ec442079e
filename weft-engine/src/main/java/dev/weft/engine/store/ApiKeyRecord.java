package dev.weft.engine.store;

import java.time.Instant;

/**
 * One API key as stored: never the key itself, only the SHA-256 of its secret part. Keys are long
 * random strings, so a plain digest is enough; a slow password hash would add nothing but latency.
 *
 * @param id the public part of the key, which callers send along with the secret and which finds
 *     the row
 * @param hash the lower-case hex SHA-256 of the whole key as the caller sends it
 * @param role what the key may do ({@code admin} until roles are managed)
 * @param expiresAt null when the key does not expire
 */
public record ApiKeyRecord(
        String tenantId,
        String id,
        String name,
        String hash,
        String role,
        Instant createdAt,
        Instant expiresAt) {
}
