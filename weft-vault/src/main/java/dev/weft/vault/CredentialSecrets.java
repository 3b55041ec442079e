package dev.weft.vault;

import dev.weft.connector.Credential;
import java.util.List;
import java.util.stream.Stream;

/**
 * The secret field values of a credential, so that a caller can redact them from logs, errors and outputs
 * (the credential's own {@code toString()} already shows {@code ***}). Stateless.
 */
public final class CredentialSecrets {
    private CredentialSecrets() {
    }

    public static List<String> of(Credential credential) {
        return switch (credential) {
            case Credential.Secret s -> List.of(s.value());
            case Credential.Basic b -> List.of(b.password());
            case Credential.Bearer b -> List.of(b.token());
            case Credential.ApiKey k -> List.of(k.value());
            case Credential.OAuth2ClientCredentials o -> List.of(o.clientSecret());
            case Credential.OAuth2RefreshToken r ->
                Stream.concat(Stream.ofNullable(r.clientSecret()), Stream.of(r.refreshToken())).toList();
            case Credential.OAuth2JwtBearer j -> List.of(j.privateKey());
            case Credential.SessionLogin l -> List.of(l.password());
            case Credential.Hmac h -> List.of(h.secret());
        };
    }
}
