package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/**
 * Access tokens from a grant (OAuth 2.0 client credentials, RFC 6749 4.4, a refresh token, section 6, a JWT
 * bearer assertion, RFC 7523, or a session login): kept until {@link #EXPIRY_MARGIN} before they expire, and
 * fetched once however many calls need one at the same moment. A 401 from the target renews the token once.
 * Thread-safe.
 */
final class OAuth2Auth implements OutboundAuth {
    /** A token is renewed this long before the expiry its endpoint gave, for clock skew and slow calls. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
    /** A token whose endpoint gives no {@code expires_in} is kept this long. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final Grant grant;
    private final Clock clock;
    private final String header;
    private final String scheme;
    private final Duration minRenewInterval;
    private Token token;

    /** One way to get an access token; called by one thread at a time. */
    interface Grant {
        /**
         * The token endpoint's answer with an {@code access_token} and, when known, its {@code expires_in}
         * (RFC 6749 5.1).
         */
        JsonNode fetch() throws ConnectorException;
    }

    private record Token(Instant fetchedAt, Instant renewAt, Authorization authorization) {
    }

    /** Tokens sent as {@code Authorization: Bearer <token>}. */
    OAuth2Auth(Grant grant, Clock clock) {
        this(grant, clock, "Authorization", "Bearer", Duration.ZERO);
    }

    /**
     * Tokens sent in {@code header}: {@code <scheme> <token>} in {@code Authorization}, the token alone in any
     * other header.
     *
     * @param minRenewInterval a 401 renews a token only once it is this old: a target that refuses every token
     *     (a missing permission) must not cost a password login per call, which can lock the account
     */
    OAuth2Auth(Grant grant, Clock clock, String header, String scheme, Duration minRenewInterval) {
        this.grant = grant;
        this.clock = clock;
        this.header = header;
        this.scheme = scheme;
        this.minRenewInterval = minRenewInterval;
    }

    /** The client credentials grant of {@code credential}, for system {@code system}. */
    static OAuth2Auth clientCredentials(String system, Credential.OAuth2ClientCredentials credential,
            HttpClient http, Clock clock) {
        TokenEndpoint endpoint = new TokenEndpoint(system, credential.tokenUrl(), http);
        return new OAuth2Auth(() -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            if (credential.scope() != null && !credential.scope().isBlank()) {
                form.put("scope", credential.scope());
            }
            TokenEndpoint.Answer answer = endpoint.post(form, credential.clientId(),
                    credential.clientSecret());
            if (!answer.issued()) {
                throw endpoint.refusal("gateway.oauth2", answer,
                        answer.status() == 400 || answer.status() == 401
                                ? "check the credential's clientId, clientSecret and scope"
                                : "",
                        credential.clientId(), List.of(credential.clientSecret()));
            }
            return answer.body();
        }, clock);
    }

    @Override
    public Authorization authorize(String method, URI uri, byte[] body) throws ConnectorException {
        return current().authorization();
    }

    /** The cached token while it is fresh; otherwise one caller fetches and the others wait for it. */
    private synchronized Token current() throws ConnectorException {
        if (token == null || !clock.instant().isBefore(token.renewAt())) {
            token = fetch();
        }
        return token;
    }

    @Override
    public synchronized boolean renew(Authorization rejected) throws ConnectorException {
        if (token == null || token.authorization().equals(rejected)) {
            if (token != null && clock.instant().isBefore(token.fetchedAt().plus(minRenewInterval))) {
                return false; // refused though just issued: the 401 is the answer, not the token's age
            }
            token = fetch(); // another call may have renewed it already: then the new one is tried as it is
        }
        return true;
    }

    private Token fetch() throws ConnectorException {
        JsonNode answer = grant.fetch();
        String value = answer.get("access_token").asText();
        Duration lifetime = answer.path("expires_in").canConvertToLong()
                && answer.get("expires_in").asLong() > 0
                        ? Duration.ofSeconds(answer.get("expires_in").asLong())
                        : DEFAULT_LIFETIME;
        Duration keep = lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0
                ? lifetime.minus(EXPIRY_MARGIN)
                : lifetime.dividedBy(2);
        return new Token(clock.instant(), clock.instant().plus(keep), new Authorization(
                Map.of(header, header.equalsIgnoreCase("Authorization") ? scheme + " " + value : value),
                Map.of()));
    }
}
