package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.gateway.egress.EgressRefusedException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * One OAuth 2.0 token endpoint (RFC 6749 3.2) of one system: posts a grant's form, authenticating the
 * client with HTTP Basic ({@code client_secret_basic}) or, for a public client, its {@code client_id} in
 * the form, and reads the answer. Its messages name the system and the URL without its query, and never a
 * secret. Thread-safe.
 */
final class TokenEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String system;
    private final String url;
    private final HttpClient http;

    /** The endpoint's answer: its status and its JSON body (an empty object when it sent none). */
    record Answer(int status, JsonNode body) {

        /** A token was issued: 200 with an {@code access_token}. */
        boolean issued() {
            return status == 200 && body.path("access_token").isTextual();
        }

        /** The RFC 6749 5.2 error code, or empty. */
        String error() {
            return body.path("error").asText("");
        }

        @Override
        public String toString() {
            return "Answer[status=" + status + ", error=" + error() + "]";
        }
    }

    TokenEndpoint(String system, String url, HttpClient http) {
        this.system = system;
        this.url = url;
        this.http = http;
    }

    /** {@code the token endpoint of system 'crm' (https://id.example/token)}, for messages. */
    String describe() {
        int cut = url.indexOf('?');
        return "the token endpoint of system '" + system + "' (" + (cut < 0 ? url : url.substring(0, cut))
                + ")";
    }

    /**
     * Posts {@code form}; a failure to reach the endpoint is retryable, a refusal by the egress guard is
     * permanent.
     *
     * @param clientSecret the client's secret, sent with its id as HTTP Basic; null for a public client,
     *            whose id goes into the form
     * @param clientId the client's id; null when the form authenticates the client itself (an assertion)
     */
    Answer post(Map<String, String> form, String clientId, String clientSecret) throws ConnectorException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
        if (clientSecret == null && clientId != null) {
            body.add("client_id=" + encode(clientId));
        }
        ContentResponse response;
        try {
            response = http.newRequest(url).method("POST").headers(h -> {
                h.put("Accept", "application/json");
                if (clientSecret != null) {
                    // RFC 6749 2.3.1: both are form-encoded before they are joined.
                    h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (encode(clientId) + ":" + encode(clientSecret))
                                    .getBytes(StandardCharsets.UTF_8)));
                }
            }).body(new StringRequestContent("application/x-www-form-urlencoded", body.toString()))
                    .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("gateway.oauth2", describe() + " was interrupted", null, e);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof EgressRefusedException refused) {
                    throw ConnectorException.permanent("egress.refused", refused.getMessage(), null, null);
                }
            }
            throw ConnectorException.retryable("gateway.oauth2",
                    describe() + " failed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    null, cause);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.getContentAsString());
        } catch (IOException e) {
            answer = null;
        }
        return new Answer(response.getStatus(), answer == null || !answer.isObject()
                ? JSON.createObjectNode()
                : answer);
    }

    /**
     * The error for an answer that issued no token: retryable for 5xx and 429, permanent otherwise, with the
     * RFC 6749 5.2 {@code error} and {@code error_description} (never the rest of the body, which could
     * echo a secret) and {@code fix}. Both are masked of {@code secrets} and of the client's HTTP Basic
     * pair, as sent, URL-encoded or in Base64 ({@link Secrets}): an endpoint may quote what it was sent.
     */
    ConnectorException refusal(String code, Answer answer, String fix, String clientId,
            List<String> secrets) {
        String reason;
        if (answer.status() == 200) {
            reason = "answered without an access_token";
        } else {
            List<String> values = new ArrayList<>();
            for (String secret : secrets) {
                if (secret != null && !secret.isEmpty()) {
                    values.add(secret);
                    values.add((clientId == null ? "" : encode(clientId)) + ":" + encode(secret));
                }
            }
            Secrets mask = Secrets.ofValues(values, 1); // a message of the endpoint's: short secrets too
            String description = answer.body().path("error_description").isTextual()
                    ? mask.redact(answer.body().get("error_description").asText())
                    : "";
            String error = mask.redact(answer.error());
            reason = "answered " + answer.status() + (error.isEmpty() ? "" : " " + error)
                    + (description.isEmpty() ? "" : " (" + description + ")");
        }
        String message = describe() + " " + reason + (fix.isEmpty() ? "" : "; " + fix);
        return answer.status() >= 500 || answer.status() == 429
                ? ConnectorException.retryable("gateway.oauth2", message, null, null)
                : ConnectorException.permanent(code, message, null, null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
