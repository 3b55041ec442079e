package dev.weft.gateway;

import dev.weft.connector.Credential;
import java.util.Optional;

/**
 * Reads a vault credential by name, decrypted, for one system's client, and stores the refresh tokens that
 * OAuth 2.0 token endpoints rotate. Implementations are thread-safe.
 */
public interface CredentialSource {

    /** The credential, or empty when there is none by that name. */
    Optional<Credential> credential(String tenantId, String name);

    /**
     * The systems the credential names in its {@code systems} field; empty when it names none (then only the
     * first system that names it may use it, {@link CredentialBinding}).
     */
    default java.util.List<String> systemsOf(String tenantId, String name) {
        return java.util.List.of();
    }

    /**
     * Stores {@code refreshToken}, which a token endpoint issued in place of {@code previous} (RFC 6749 6:
     * an endpoint may rotate the refresh token and refuse the old one from then on), as a new version of the
     * {@code oauth2RefreshToken} credential {@code name}, keeping its other fields. Returns true once that
     * version is durably stored; false, writing nothing, when the stored credential no longer holds
     * {@code previous} (it was replaced, deleted or rotated meanwhile: what is stored wins). Throws when it
     * cannot tell, for example when the store cannot be reached; the caller keeps the token and tries again.
     */
    boolean storeRotatedRefreshToken(String tenantId, String name, String previous, String refreshToken);

    /** No credentials at all: a gateway whose systems name none (or has no systems). */
    static CredentialSource none() {
        return new CredentialSource() {
            @Override
            public Optional<Credential> credential(String tenantId, String name) {
                return Optional.empty();
            }

            @Override
            public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
                    String refreshToken) {
                return false;
            }
        };
    }
}
