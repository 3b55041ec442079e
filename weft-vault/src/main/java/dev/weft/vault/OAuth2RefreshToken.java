package dev.weft.vault;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An OAuth 2.0 refresh token (type {@code oauth2RefreshToken}, RFC 6749 section 6): the gateway exchanges
 * it at {@code tokenUrl} for access tokens, and stores the new one when the endpoint rotates it.
 * Immutable.
 *
 * @param clientSecret the client's secret; empty for a public client, which sends only its id
 * @param scope the requested scope, when set
 */
public record OAuth2RefreshToken(
        String name,
        int version,
        String tokenUrl,
        String clientId,
        Optional<String> clientSecret,
        String refreshToken,
        Optional<String> scope) implements Credential {

    @Override
    public CredentialType type() {
        return CredentialType.OAUTH2_REFRESH_TOKEN;
    }

    @Override
    public List<String> secretValues() {
        return Stream.concat(clientSecret.stream(), Stream.of(refreshToken)).toList();
    }

    @Override
    public String toString() {
        return "OAuth2RefreshToken[name=" + name + ", version=" + version + ", tokenUrl=" + tokenUrl
                + ", clientId=" + clientId + ", clientSecret=" + (clientSecret.isPresent() ? REDACTED : "")
                + ", refreshToken=" + REDACTED + ", scope=" + scope.orElse("") + "]";
    }
}
