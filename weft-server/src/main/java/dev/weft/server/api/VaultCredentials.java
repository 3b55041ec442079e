package dev.weft.server.api;

import dev.weft.connector.Credential;
import dev.weft.gateway.CredentialSource;
import dev.weft.vault.ApiKeyCredential;
import dev.weft.vault.BasicCredential;
import dev.weft.vault.BearerCredential;
import dev.weft.vault.HmacCredential;
import dev.weft.vault.OAuth2ClientCredentials;
import dev.weft.vault.OAuth2RefreshToken;
import dev.weft.vault.SecretCredential;
import dev.weft.vault.Vault;
import java.util.Map;
import java.util.Optional;

/**
 * The vault's credentials as connectors see them ({@link Credential}), and the vault's update path for
 * the refresh tokens the gateway's token endpoints rotate. Thread-safe.
 */
public final class VaultCredentials implements CredentialSource {
    /** How often a store tries again when other writes of the credential keep landing first. */
    private static final int MAX_STORE_ATTEMPTS = 8;

    private final Vault vault;

    public VaultCredentials(Vault vault) {
        this.vault = vault;
    }

    @Override
    public Optional<Credential> credential(String tenantId, String name) {
        return vault.reveal(tenantId, name).map(VaultCredentials::toConnector);
    }

    /**
     * Writes the new refresh token as the credential's next version while the stored one is still
     * {@code previous}; the vault's compare-and-set on the version keeps a concurrent replacement.
     */
    @Override
    public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
            String refreshToken) {
        for (int attempt = 0; attempt < MAX_STORE_ATTEMPTS; attempt++) {
            Optional<dev.weft.vault.Credential> stored = vault.reveal(tenantId, name);
            if (stored.isEmpty() || !(stored.get() instanceof OAuth2RefreshToken current)
                    || !current.refreshToken().equals(previous)) {
                return false;
            }
            if (vault.update(tenantId, name, current.version(), Map.of("refreshToken", refreshToken))
                    .isPresent()) {
                return true;
            }
        }
        throw new IllegalStateException("credential '" + name + "' was written " + MAX_STORE_ATTEMPTS
                + " times by others while its rotated refresh token was being stored");
    }

    static Credential toConnector(dev.weft.vault.Credential c) {
        return switch (c) {
            case SecretCredential s -> new Credential.Secret(s.value());
            case BasicCredential b -> new Credential.Basic(b.username(), b.password());
            case BearerCredential b -> new Credential.Bearer(b.token());
            case ApiKeyCredential k -> new Credential.ApiKey(k.in() == ApiKeyCredential.Placement.HEADER
                    ? Credential.ApiKey.Location.HEADER
                    : Credential.ApiKey.Location.QUERY, k.parameterName(), k.value());
            case OAuth2ClientCredentials o ->
                new Credential.OAuth2ClientCredentials(o.tokenUrl(), o.clientId(),
                        o.clientSecret(), o.scope().orElse(null));
            case OAuth2RefreshToken r -> new Credential.OAuth2RefreshToken(r.tokenUrl(), r.clientId(),
                    r.clientSecret().orElse(null), r.refreshToken(), r.scope().orElse(null));
            case HmacCredential h ->
                new Credential.Hmac(h.keyId().orElse(null), h.secret(), h.algorithm(), h.header());
        };
    }
}
