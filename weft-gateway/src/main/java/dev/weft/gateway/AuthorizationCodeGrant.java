package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/**
 * The redemption step of the OAuth 2.0 authorization code grant (RFC 6749 4.1.3) with PKCE (RFC 7636): the
 * code a provider's consent page sent back is traded, with the verifier, for tokens. What the platform keeps
 * of the answer is the refresh token, which becomes an {@code oauth2RefreshToken} credential; the access
 * token is not kept (the gateway gets its own with the refresh token). Errors are {@code gateway.oauth2},
 * with the provider's {@code error} and {@code error_description} masked of the client's secret and the
 * code. Stateless.
 */
public final class AuthorizationCodeGrant {

    /** What the provider issued: the refresh token and the scope it granted (null when it said none). */
    public record Issued(String refreshToken, String scope) {
        @Override
        public String toString() {
            return "Issued[refreshToken=***, scope=" + scope + "]";
        }
    }

    private AuthorizationCodeGrant() {
    }

    /**
     * Redeems {@code code} at {@code tokenUrl} through {@code http} (a client with the egress guard
     * installed), authenticating the client with HTTP Basic when it has a secret, or by its id in the form.
     *
     * @param credential the name of the credential being connected, for messages
     */
    public static Issued redeem(HttpClient http, String credential, String tokenUrl, String clientId,
            String clientSecret, String code, String redirectUri, String verifier) throws ConnectorException {
        TokenEndpoint endpoint = new TokenEndpoint("credential " + credential, tokenUrl, http);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        TokenEndpoint.Answer answer = endpoint.post(form, clientId, clientSecret);
        List<String> secrets = new ArrayList<>();
        secrets.add(code);
        if (clientSecret != null) {
            secrets.add(clientSecret);
        }
        if (!answer.issued()) {
            throw endpoint.refusal("gateway.oauth2", answer, answer.status() == 400 || answer.status() == 401
                    ? "check the clientId and clientSecret, that the redirect URI is registered with the"
                            + " provider exactly as sent, and start the connection again (a code is used once)"
                    : "", clientId, secrets);
        }
        JsonNode refresh = answer.body().path("refresh_token");
        if (!refresh.isTextual() || refresh.asText().isEmpty()) {
            throw ConnectorException.permanent("gateway.oauth2", endpoint.describe() + " issued no refresh"
                    + " token, so the connection would end with the access token: ask the provider for offline"
                    + " access (Google: parameters access_type=offline and prompt=consent; Microsoft and"
                    + " Salesforce: the scope offline_access or refresh_token; HubSpot: every app gets one)",
                    null, null);
        }
        JsonNode scope = answer.body().path("scope");
        return new Issued(refresh.asText(),
                scope.isTextual() && !scope.asText().isBlank() ? scope.asText() : null);
    }
}
