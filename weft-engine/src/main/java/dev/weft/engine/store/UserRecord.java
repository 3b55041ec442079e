package dev.weft.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A person who signs in to a tenant: with a password (local) or through single sign-on (its identity
 * provider's subject). Never the password itself: its argon2id hash. Immutable.
 *
 * @param id the user's id within its tenant ({@code u...}); never reused
 * @param login what the person types to sign in (local) or the provider's e-mail or name (SSO)
 * @param passwordHash the PHC string of the argon2id hash; null for a user who signs in through SSO only
 * @param subject {@code <issuer>|<sub>} of a single sign-on user; null for a local one
 * @param role the user's role in its tenant
 * @param namespaces the namespaces the user reaches; empty for all
 * @param failedLogins failed sign-ins since the last one that succeeded
 * @param lockedUntil when sign-ins are accepted again after too many failures; null when not locked
 * @param namespaceRoles the user's role in single namespaces, on top of {@code role}: namespace to role
 *     name; empty when it has none
 */
public record UserRecord(String tenantId, String id, String login, String passwordHash, String subject,
        String role, List<String> namespaces, int failedLogins, Instant lockedUntil, Instant createdAt,
        Instant lastLoginAt, Map<String, String> namespaceRoles) {
    public UserRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(role, "role");
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        namespaceRoles = namespaceRoles == null ? Map.of() : Map.copyOf(namespaceRoles);
    }

    /** A user without roles in single namespaces. */
    public UserRecord(String tenantId, String id, String login, String passwordHash, String subject,
            String role,
            List<String> namespaces, int failedLogins, Instant lockedUntil, Instant createdAt,
            Instant lastLoginAt) {
        this(tenantId, id, login, passwordHash, subject, role, namespaces, failedLogins, lockedUntil,
                createdAt,
                lastLoginAt, Map.of());
    }

    public UserRecord withLogins(int failed, Instant locked, Instant last) {
        return new UserRecord(tenantId, id, login, passwordHash, subject, role, namespaces, failed, locked,
                createdAt, last, namespaceRoles);
    }
}
