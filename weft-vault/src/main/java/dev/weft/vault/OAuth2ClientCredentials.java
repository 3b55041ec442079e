package dev.weft.vault;

import java.util.List;
import java.util.Optional;

/**
 * An OAuth2 client-credentials grant (type {@code oauth2ClientCredentials}): the gateway exchanges it
 * at {@code tokenUrl} for access tokens. Immutable.
 *
 * @param scope the requested scope, when set
 */
public record OAuth2ClientCredentials(
        String name,
        int version,
        String tokenUrl,
        String clientId,
        String clientSecret,
        Optional<String> scope) implements Credential {

    @Override
    public CredentialType type() {
        return CredentialType.OAUTH2_CLIENT_CREDENTIALS;
    }

    @Override
    public List<String> secretValues() {
        return List.of(clientSecret);
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentials[name=" + name + ", version=" + version + ", tokenUrl=" + tokenUrl
                + ", clientId=" + clientId + ", clientSecret=" + REDACTED + ", scope=" + scope.orElse("")
                + "]";
    }
}
