package dev.weft.server.config;

import java.time.Duration;
import java.util.List;

/**
 * How people sign in: the session's lifetime, and OpenID Connect single sign-on when an issuer is set.
 * Immutable.
 *
 * @param sessionTtl how long a session lasts after its sign-in, whatever its use
 * @param oidc single sign-on; null when not configured
 */
public record AuthSettings(Duration sessionTtl, Oidc oidc) {
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);

    public static AuthSettings defaults() {
        return new AuthSettings(DEFAULT_SESSION_TTL, null);
    }

    /**
     * An OpenID Connect provider (authorization code flow with PKCE).
     *
     * @param issuer the provider's issuer URL; its {@code /.well-known/openid-configuration} says the rest
     * @param clientId the client registered at the provider for Weft; the ID token's audience
     * @param clientSecret the client's secret; null for a public client
     * @param redirectUri Weft's callback as the provider knows it: {@code https://<weft>/auth/oidc/callback}
     * @param scopes what the authorization asks for; {@code openid} always
     * @param tenantClaim the ID token claim that names the user's tenant
     * @param roleClaim the claim that names the user's role
     * @param loginClaim the claim shown as the user's login ({@code email}); {@code sub} when it is absent
     * @param defaultTenant the tenant of a user whose token has no tenant claim; null to refuse such users
     * @param defaultRole the role of a user whose token has no role claim; null to refuse such users
     */
    public record Oidc(String issuer, String clientId, String clientSecret, String redirectUri,
            List<String> scopes, String tenantClaim, String roleClaim, String loginClaim,
            String defaultTenant,
            String defaultRole) {
        public Oidc {
            scopes = List.copyOf(scopes);
        }
    }
}
