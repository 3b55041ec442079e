package dev.weft.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One API key as stored: never the key itself, only the SHA-256 of it. Keys are 256-bit random strings,
 * so a plain digest is enough; a slow password hash would add nothing but latency
 * (docs/design/access.md).
 *
 * @param id derived from the key's digest, so that a presented key finds its row; shown in lists
 * @param hash the lower-case hex SHA-256 of the whole key as the caller sends it
 * @param role what the key may do: a built-in role ({@code admin}, {@code editor}, {@code operator},
 *     {@code viewer}, and {@code platform-admin} in the default tenant) or one of the tenant's own
 * @param namespaces the namespaces the key reaches; empty for every namespace of the tenant
 * @param expiresAt null when the key does not expire
 * @param lastUsedAt when it last authenticated a request (to within a minute); null when never
 * @param createdBy who created it ({@code api-key:<id>}, {@code cli}, {@code bootstrap}); null when unknown
 * @param namespaceRoles the key's role in single namespaces, on top of {@code role}: namespace to role name;
 *     empty when it has none
 */
public record ApiKeyRecord(
        String tenantId,
        String id,
        String name,
        String hash,
        String role,
        List<String> namespaces,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        String createdBy,
        Map<String, String> namespaceRoles) {

    public ApiKeyRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        namespaceRoles = namespaceRoles == null ? Map.of() : Map.copyOf(namespaceRoles);
    }

    /** A key without roles in single namespaces. */
    public ApiKeyRecord(String tenantId, String id, String name, String hash, String role,
            List<String> namespaces,
            Instant createdAt, Instant expiresAt, Instant lastUsedAt, String createdBy) {
        this(tenantId, id, name, hash, role, namespaces, createdAt, expiresAt, lastUsedAt, createdBy,
                Map.of());
    }

    /** A key of every namespace, never used. */
    public ApiKeyRecord(String tenantId, String id, String name, String hash, String role, Instant createdAt,
            Instant expiresAt) {
        this(tenantId, id, name, hash, role, List.of(), createdAt, expiresAt, null, null);
    }
}
