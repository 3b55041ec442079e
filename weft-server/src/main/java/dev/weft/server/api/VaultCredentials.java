package dev.weft.server.api;

import dev.weft.connector.Credential;
import dev.weft.gateway.CredentialSource;
import dev.weft.vault.CredentialInfo;
import dev.weft.vault.Vault;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The vault as the gateway's {@link CredentialSource}: its credentials are already the SDK's
 * {@link Credential} records, and the refresh tokens the gateway's token endpoints rotate go back into it.
 * The server and {@code weft run} (a {@code --systems} file's credentials) use it. Thread-safe.
 */
public final class VaultCredentials implements CredentialSource {
    /** How often a store tries again when other writes of the credential keep landing first. */
    private static final int MAX_STORE_ATTEMPTS = 8;

    private final Vault vault;
    private final BiConsumer<String, CredentialInfo> rotated;

    /** The vault's credentials, whose rotated refresh tokens are stored without telling anyone. */
    public VaultCredentials(Vault vault) {
        this(vault, (tenant, info) -> {
        });
    }

    /**
     * @param rotated told (tenant, the new version) after each rotated refresh token is stored: the server's
     *     {@code credential.rotated} event
     */
    public VaultCredentials(Vault vault, BiConsumer<String, CredentialInfo> rotated) {
        this.vault = vault;
        this.rotated = rotated;
    }

    @Override
    public java.util.List<String> systemsOf(String tenantId, String name) {
        return vault.info(tenantId, name).map(i -> dev.weft.vault.CredentialFields.systems(i.fields()))
                .orElse(java.util.List.of());
    }

    @Override
    public Optional<Credential> credential(String tenantId, String name) {
        return vault.reveal(tenantId, name);
    }

    /**
     * Writes the new refresh token as the credential's next version while the stored one is still
     * {@code previous}; the vault's compare-and-set on the version keeps a concurrent replacement.
     */
    @Override
    public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
            String refreshToken) {
        for (int attempt = 0; attempt < MAX_STORE_ATTEMPTS; attempt++) {
            Optional<Vault.Revealed> stored = vault.revealVersion(tenantId, name);
            if (stored.isEmpty()
                    || !(stored.get().credential() instanceof Credential.OAuth2RefreshToken current)
                    || !current.refreshToken().equals(previous)) {
                return false;
            }
            Optional<CredentialInfo> written = vault.update(tenantId, name, stored.get().version(),
                    Map.of("refreshToken", refreshToken));
            if (written.isPresent()) {
                rotated.accept(tenantId, written.get());
                return true;
            }
        }
        throw new IllegalStateException("credential '" + name + "' was written " + MAX_STORE_ATTEMPTS
                + " times by others while its rotated refresh token was being stored");
    }
}
