package dev.weft.server.api;

import dev.weft.connector.Credential;
import dev.weft.gateway.CredentialSource;
import dev.weft.vault.ApiKeyCredential;
import dev.weft.vault.BasicCredential;
import dev.weft.vault.BearerCredential;
import dev.weft.vault.OAuth2ClientCredentials;
import dev.weft.vault.SecretCredential;
import dev.weft.vault.Vault;
import java.util.Optional;

/** The vault's credentials as connectors see them ({@link Credential}). Thread-safe. */
public final class VaultCredentials implements CredentialSource {
    private final Vault vault;

    public VaultCredentials(Vault vault) {
        this.vault = vault;
    }

    @Override
    public Optional<Credential> credential(String tenantId, String name) {
        return vault.reveal(tenantId, name).map(VaultCredentials::toConnector);
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
        };
    }
}
