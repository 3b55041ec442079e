package dev.weft.gateway;

import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import dev.weft.engine.store.SystemRecord;
import java.net.URI;
import java.time.Clock;

/**
 * Makes the {@link OutboundAuth} of a system's credential: fixed values (basic, bearer, API keys), OAuth 2.0
 * tokens (client credentials, refresh token, JWT bearer), session logins and HMAC signatures. Thread-safe.
 */
final class OutboundAuths {
    private final TokenClient tokens;
    private final CredentialSource credentials;
    private final Clock clock;

    OutboundAuths(TokenClient tokens, CredentialSource credentials, Clock clock) {
        this.tokens = tokens;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The auth of {@code credential}, the credential {@code system} names. */
    OutboundAuth of(SystemRecord system, Credential credential) {
        OutboundAuth fixed = StaticAuth.of(credential);
        if (fixed != null) {
            return fixed;
        }
        return switch (credential) {
            case Credential.OAuth2ClientCredentials c ->
                OAuth2Auth.clientCredentials(system.id(), c, tokens.client(), clock);
            case Credential.OAuth2RefreshToken r -> new OAuth2Auth(new RefreshTokenGrant(system.id(),
                    system.tenantId(), system.credential(), r, credentials, tokens.client()), clock);
            case Credential.OAuth2JwtBearer j ->
                new OAuth2Auth(new JwtBearerGrant(system.id(), j, tokens.client(), clock), clock);
            case Credential.SessionLogin l -> new OAuth2Auth(
                    new SessionLoginGrant(system.id(), l, tokens.client(), clock), clock, l.header(),
                    l.scheme(), SessionLoginGrant.MIN_RENEW_INTERVAL);
            case Credential.Hmac h -> new HmacAuth(system.id(), h, clock);
            default -> unsupported(credential);
        };
    }

    /** A credential that is no HTTP authorization (a {@code secret}): a call that needs one fails, saying so. */
    private static OutboundAuth unsupported(Credential credential) {
        return new OutboundAuth() {
            @Override
            public Authorization authorize(String method, URI uri, byte[] body) throws ConnectorException {
                throw ConnectorException.permanent("gateway.auth_unsupported", "credentials of type "
                        + credential.type().wireName()
                        + " cannot authorize HTTP requests (basic, bearer, apiKey, oauth2ClientCredentials,"
                        + " oauth2RefreshToken, oauth2JwtBearer, sessionLogin and hmac can)", null, null);
            }

            @Override
            public boolean renew(Authorization rejected) {
                return false;
            }
        };
    }
}
