package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * OAuth 2.0 client credentials grant (RFC 6749 4.4): an access token fetched from the token URL with the
 * client id and secret (HTTP Basic, {@code client_secret_basic}), kept until {@link #EXPIRY_MARGIN} before
 * it expires, and fetched once however many calls need it at the same moment. A 401 from the target
 * renews it once. The token URL goes through the egress guard like every other call. Thread-safe.
 */
final class OAuth2Auth implements OutboundAuth {
    /** A token is renewed this long before the expiry its endpoint gave, for clock skew and slow calls. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
    /** A token whose endpoint gives no {@code expires_in} is kept this long. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(20);

    private final String system;
    private final Credential.OAuth2ClientCredentials credential;
    private final HttpClient http;
    private final Clock clock;
    private Token token;

    private record Token(String value, Instant renewAt, Authorization authorization) {
    }

    OAuth2Auth(String system, Credential.OAuth2ClientCredentials credential, HttpClient http, Clock clock) {
        this.system = system;
        this.credential = credential;
        this.http = http;
        this.clock = clock;
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
            token = fetch(); // another call may have renewed it already: then the new one is tried as it is
        }
        return true;
    }

    private Token fetch() throws ConnectorException {
        String form = "grant_type=client_credentials"
                + (credential.scope() == null || credential.scope().isBlank()
                        ? ""
                        : "&scope=" + URLEncoder.encode(credential.scope(), StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(credential.clientId(),
                StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(credential.clientSecret(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        String where = "the token endpoint of system '" + system + "' (" + withoutQuery(credential.tokenUrl())
                + ")";
        ContentResponse response;
        try {
            response = http.newRequest(credential.tokenUrl()).method("POST")
                    .headers(h -> h.put("Authorization", "Basic " + basic).put("Accept", "application/json"))
                    .body(new StringRequestContent("application/x-www-form-urlencoded", form))
                    .timeout(TOKEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("gateway.oauth2", where + " was interrupted", null, e);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof dev.weft.gateway.egress.EgressRefusedException refused) {
                    throw ConnectorException.permanent("egress.refused", refused.getMessage(), null, null);
                }
            }
            throw ConnectorException.retryable("gateway.oauth2",
                    where + " failed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    null, cause);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.getContentAsString());
        } catch (IOException e) {
            answer = JSON.createObjectNode();
        }
        int status = response.getStatus();
        if (status != 200 || !answer.path("access_token").isTextual()) {
            // RFC 6749 5.2: error and error_description; never the body otherwise (it could echo a secret).
            String error = answer.path("error").asText("");
            String reason = status == 200
                    ? "answered without an access_token"
                    : "answered " + status
                            + (error.isEmpty() ? "" : " " + error)
                            + (answer.path("error_description").isTextual()
                                    ? " (" + answer.get("error_description").asText() + ")"
                                    : "");
            String fix = status == 400 || status == 401
                    ? "; check the credential's clientId, clientSecret and scope"
                    : "";
            boolean retryable = status >= 500 || status == 429;
            String message = where + " " + reason + fix;
            throw retryable
                    ? ConnectorException.retryable("gateway.oauth2", message, null, null)
                    : ConnectorException.permanent("gateway.oauth2", message, null, null);
        }
        String value = answer.get("access_token").asText();
        Duration lifetime = answer.path("expires_in").canConvertToLong()
                && answer.get("expires_in").asLong() > 0
                        ? Duration.ofSeconds(answer.get("expires_in").asLong())
                        : DEFAULT_LIFETIME;
        Duration keep = lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0
                ? lifetime.minus(EXPIRY_MARGIN)
                : lifetime.dividedBy(2);
        return new Token(value, clock.instant().plus(keep),
                new Authorization(Map.of("Authorization", "Bearer " + value), Map.of()));
    }

    private static String withoutQuery(String url) {
        int cut = url.indexOf('?');
        return cut < 0 ? url : url.substring(0, cut);
    }
}
