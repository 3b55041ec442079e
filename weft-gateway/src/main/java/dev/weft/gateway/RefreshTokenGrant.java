package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.0 refresh token grant (RFC 6749 6) of one {@code oauth2RefreshToken} credential. Each fetch
 * reads the credential from the vault first, so a token rotated by another node or replaced by an operator
 * is the one sent. When the endpoint rotates the refresh token, the new one is stored in the vault before
 * the access token is handed out; if the vault cannot store it, it is kept in memory, sent with the next
 * refresh, and stored then. Called by one thread at a time ({@link OAuth2Auth} holds its lock).
 */
final class RefreshTokenGrant implements OAuth2Auth.Grant {
    /** The error code of a refresh token the endpoint refused (RFC 6749 5.2 {@code invalid_grant}). */
    static final String REFUSED = "gateway.oauth2_refresh_refused";
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenGrant.class);

    private final String system;
    private final String tenant;
    private final String name;
    private final CredentialSource source;
    private final HttpClient http;
    /** The credential as last read from the vault or stored there. */
    private Credential.OAuth2RefreshToken stored;
    /** A refresh token the endpoint issued that the vault has not stored yet, or null. */
    private String unsaved;

    RefreshTokenGrant(String system, String tenant, String name, Credential.OAuth2RefreshToken credential,
            CredentialSource source, HttpClient http) {
        this.system = system;
        this.tenant = tenant;
        this.name = name;
        this.stored = credential;
        this.source = source;
        this.http = http;
    }

    @Override
    public JsonNode fetch() throws ConnectorException {
        Credential.OAuth2RefreshToken credential = latest();
        String sent = unsaved != null ? unsaved : credential.refreshToken();
        TokenEndpoint endpoint = new TokenEndpoint(system, credential.tokenUrl(), http);
        TokenEndpoint.Answer answer = post(endpoint, credential, sent);
        if (answer.error().equals("invalid_grant") && unsaved == null) {
            // Another node may have rotated the token since it was read: then the vault has the new one.
            Credential.OAuth2RefreshToken again = read();
            if (!again.refreshToken().equals(sent)) {
                credential = again;
                sent = again.refreshToken();
                endpoint = new TokenEndpoint(system, credential.tokenUrl(), http);
                answer = post(endpoint, credential, sent);
            }
        }
        if (!answer.issued()) {
            throw refusal(endpoint, answer, credential, sent);
        }
        JsonNode rotated = answer.body().path("refresh_token");
        if (rotated.isTextual() && !rotated.asText().isEmpty() && !rotated.asText().equals(sent)) {
            store(credential, rotated.asText());
        }
        return answer.body();
    }

    /** The credential to refresh with: the vault's, after storing a rotated token that is still unsaved. */
    private Credential.OAuth2RefreshToken latest() throws ConnectorException {
        if (unsaved != null) {
            String token = unsaved;
            unsaved = null;
            store(stored, token);
            if (unsaved != null) {
                return stored; // still not stored: the unsaved token is sent, it is the valid one
            }
        }
        stored = read();
        return stored;
    }

    private TokenEndpoint.Answer post(TokenEndpoint endpoint, Credential.OAuth2RefreshToken credential,
            String refreshToken) throws ConnectorException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (credential.scope() != null && !credential.scope().isBlank()) {
            form.put("scope", credential.scope());
        }
        return endpoint.post(form, credential.clientId(), credential.clientSecret());
    }

    /**
     * Stores {@code token}, issued in place of {@code credential}'s refresh token. When the vault cannot be
     * reached it is kept in {@link #unsaved}; the access token that came with it is used all the same.
     */
    private void store(Credential.OAuth2RefreshToken credential, String token) {
        boolean kept;
        try {
            kept = source.storeRotatedRefreshToken(tenant, name, credential.refreshToken(), token);
        } catch (RuntimeException e) {
            unsaved = token;
            LOG.error(
                    "system {}: the token endpoint rotated the refresh token of credential '{}', and the new"
                            + " one could not be stored in the vault ({}); it is kept in memory and stored at the next"
                            + " refresh. If this server stops before then, replace the credential with a new refresh"
                            + " token",
                    system, name, e.getClass().getSimpleName(), e);
            return;
        }
        if (kept) {
            stored = new Credential.OAuth2RefreshToken(credential.tokenUrl(), credential.clientId(),
                    credential.clientSecret(), token, credential.scope());
            LOG.info("system {}: the token endpoint rotated the refresh token of credential '{}'; the new one"
                    + " is stored as the credential's next version", system, name);
        } else {
            LOG.info("system {}: the token endpoint rotated the refresh token of credential '{}', which was"
                    + " changed meanwhile; the stored one is kept", system, name);
        }
    }

    private Credential.OAuth2RefreshToken read() throws ConnectorException {
        Optional<Credential> credential;
        try {
            credential = source.credential(tenant, name);
        } catch (RuntimeException e) {
            throw ConnectorException.retryable("gateway.oauth2",
                    "system '" + system + "': credential '" + name
                            + "' could not be read from the vault to refresh its access token: "
                            + e.getMessage(),
                    null,
                    e);
        }
        if (credential.isEmpty()) {
            throw ConnectorException.permanent("system.credential",
                    "system '" + system + "' names credential '"
                            + name + "', which no longer exists; create it with PUT /api/v1/credentials/"
                            + name,
                    null,
                    null);
        }
        if (!(credential.get() instanceof Credential.OAuth2RefreshToken refresh)) {
            throw ConnectorException.permanent("system.credential", "credential '" + name + "' of system '"
                    + system + "' is now of type " + credential.get().type().wireName()
                    + ", no longer oauth2RefreshToken; save the system again (PUT /api/v1/systems/" + system
                    + ") to use it", null, null);
        }
        return refresh;
    }

    private ConnectorException refusal(TokenEndpoint endpoint, TokenEndpoint.Answer answer,
            Credential.OAuth2RefreshToken credential, String sent) {
        List<String> secrets = new ArrayList<>(List.of(sent, credential.refreshToken()));
        if (credential.clientSecret() != null) {
            secrets.add(credential.clientSecret());
        }
        if (answer.error().equals("invalid_grant")) {
            return endpoint.refusal(REFUSED, answer, "the refresh token of credential '" + name
                    + "' was refused: it was revoked, has expired or was already used; get a new one from the"
                    + " provider and store it with PUT /api/v1/credentials/" + name, credential.clientId(),
                    secrets);
        }
        return endpoint.refusal("gateway.oauth2", answer, answer.status() == 400 || answer.status() == 401
                ? "check the clientId, clientSecret and scope of credential '" + name + "'"
                : "", credential.clientId(), secrets);
    }
}
