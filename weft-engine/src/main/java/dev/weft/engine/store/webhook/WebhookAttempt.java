package dev.weft.engine.store.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One attempt of a delivery, as recorded for its history. Immutable.
 *
 * @param attempt its number among the delivery's attempts, from 1
 * @param requestHeaders the headers sent, with secrets redacted (the signature's value included)
 * @param responseStatus the HTTP status answered, or null when there was no response
 * @param responseBody the first 4 KiB of the response body as text, or null
 * @param latencyMillis from sending the request to the end of the response (or the failure)
 * @param error why it failed without a response or with a status other than 2xx, or null when it succeeded
 * @param succeeded whether the receiver answered 2xx
 */
public record WebhookAttempt(String tenantId, String deliveryId, int attempt, String endpointId,
        String messageId, Instant startedAt, long latencyMillis, Map<String, String> requestHeaders,
        Integer responseStatus, String responseBody, String error, boolean succeeded) {

    /** How much of a response body is kept. */
    public static final int MAX_RESPONSE_BODY = 4096;

    public WebhookAttempt {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(startedAt, "startedAt");
        requestHeaders = requestHeaders == null ? Map.of() : Map.copyOf(requestHeaders);
    }
}
