package dev.weft.gateway;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.egress.EgressRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * The login of one {@code sessionLogin} credential: posts {@code {usernameField: username, passwordField:
 * password}} as JSON to the login URL and answers the token at the credential's JSON pointer as an
 * {@code access_token}, with an {@code expires_in} when the token is a JWT with an {@code exp} (otherwise
 * {@link OAuth2Auth} keeps it for its default lifetime, and a 401 renews it sooner). Errors name the system
 * and the URL, never the password or the token. Called by one thread at a time ({@link OAuth2Auth} holds its
 * lock).
 */
final class SessionLoginGrant implements OAuth2Auth.Grant {
    static final String CODE = "gateway.session_login";
    /** A 401 logs in again only with a token at least this old (OAuth2Auth), so never once per call. */
    static final Duration MIN_RENEW_INTERVAL = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String system;
    private final Credential.SessionLogin credential;
    private final HttpClient http;
    private final Clock clock;

    SessionLoginGrant(String system, Credential.SessionLogin credential, HttpClient http, Clock clock) {
        this.system = system;
        this.credential = credential;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public JsonNode fetch() throws ConnectorException {
        ObjectNode body = JSON.createObjectNode();
        body.put(credential.usernameField(), credential.username());
        body.put(credential.passwordField(), credential.password());
        ContentResponse response;
        try {
            response = http.newRequest(credential.loginUrl()).method("POST")
                    .headers(h -> h.put("Accept", "application/json"))
                    .body(new StringRequestContent("application/json", body.toString(),
                            StandardCharsets.UTF_8))
                    .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable(CODE, describe() + " was interrupted", null, e);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof EgressRefusedException refused) {
                    throw ConnectorException.permanent("egress.refused", refused.getMessage(), null, null);
                }
            }
            throw ConnectorException.retryable(CODE,
                    describe() + " failed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    null, cause);
        }
        int status = response.getStatus();
        if (status >= 500 || status == 429) {
            throw ConnectorException.retryable(CODE, describe() + " answered " + status, null, null);
        }
        if (status == 401 || status == 403) {
            throw ConnectorException.permanent(CODE, describe() + " refused the login (" + status
                    + "); check the credential's username and password, and usernameField ('"
                    + credential.usernameField() + "') and passwordField ('" + credential.passwordField()
                    + "') against the login's API", null, null);
        }
        if (status / 100 != 2) {
            throw ConnectorException.permanent(CODE, describe() + " answered " + status + "; check the"
                    + " credential's loginUrl, usernameField and passwordField against the login's API", null,
                    null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.getContent());
        } catch (IOException e) {
            answer = null;
        }
        JsonNode token = answer == null ? null : answer.at(JsonPointer.compile(credential.tokenPointer()));
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            // The answer itself is not quoted: it holds the token, or whatever the login echoed back.
            throw ConnectorException.permanent(CODE, describe() + " answered " + status + " without a token"
                    + " at " + credential.tokenPointer() + "; set the credential's tokenPointer to where the"
                    + " login's JSON answer holds the token (such as /token or /result/token)", null, null);
        }
        ObjectNode issued = JSON.createObjectNode().put("access_token", token.asText());
        long expiresIn = jwtExpiresIn(token.asText());
        if (expiresIn > 0) {
            issued.put("expires_in", expiresIn);
        }
        return issued;
    }

    /** Seconds until the token's {@code exp} when it is a JWT that has one; 0 otherwise. */
    private long jwtExpiresIn(String token) {
        List<String> parts = List.of(token.split("\\.", -1));
        if (parts.size() != 3) {
            return 0;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts.get(1)));
            if (claims != null && claims.path("exp").canConvertToLong()) {
                // an exp already past: kept a second, so that the next call logs in again
                return Math.max(1, claims.get("exp").asLong() - clock.instant().getEpochSecond());
            }
        } catch (IllegalArgumentException | IOException e) {
            return 0; // an opaque token with dots in it
        }
        return 0;
    }

    private String describe() {
        String url = credential.loginUrl();
        int cut = url.indexOf('?');
        return "the login of system '" + system + "' (" + (cut < 0 ? url : url.substring(0, cut)) + ")";
    }
}
