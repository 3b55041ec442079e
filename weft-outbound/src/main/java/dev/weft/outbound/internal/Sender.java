package dev.weft.outbound.internal;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.webhooks.Signature;
import dev.weft.webhooks.StandardWebhooksSpec;
import dev.weft.outbound.Redaction;
import dev.weft.webhooks.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes one attempt of a delivery: signs the message the Standard Webhooks way with the endpoint's
 * secrets, POSTs it through the platform's HTTP transport (egress rules, no redirect followed) and says
 * what came of it. Never throws for what the receiver or the network did: that is the attempt's result.
 * Thread-safe.
 */
final class Sender {
    static final String USER_AGENT = "Weft-Webhooks";

    /** What one attempt did. */
    record Result(WebhookAttempt attempt, Duration retryAfter, Kind kind) {
    }

    /** How an attempt ended, for the metrics and the delivery's next state. */
    enum Kind {
        SUCCEEDED, FAILED, GONE, REDIRECT, TIMEOUT, REFUSED, ERROR;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final HttpTransport transport;
    private final SigningSecrets secrets;
    private final WebhookSigner signer = WebhookSigner.of(new StandardWebhooksSpec("outbound"));
    private final Duration timeout;
    private final Clock clock;

    Sender(HttpTransport transport, SigningSecrets secrets, Duration timeout, Clock clock) {
        this.transport = transport;
        this.secrets = secrets;
        this.timeout = timeout;
        this.clock = clock;
    }

    Result send(WebhookEndpoint endpoint, ClaimedDelivery claimed) {
        var delivery = claimed.delivery();
        var message = claimed.message();
        int number = delivery.attempts() + 1;
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", USER_AGENT);
        endpoint.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Signature signature;
        try {
            signature = signer.sign(message.id(), started, body, secrets.signingKeys(endpoint, started));
        } catch (RuntimeException e) {
            return result(delivery.tenantId(), delivery.id(), number, endpoint, message.id(), started,
                    startNanos,
                    headers, null, null, "the delivery could not be signed: " + e.getMessage(), Kind.ERROR,
                    null);
        }
        signature.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        HttpTransport.Request request = HttpTransport.Request.to("POST", URI.create(endpoint.url()))
                .withBody(new HttpTransport.Body.Bytes(body, "application/json"))
                .withTimeout(timeout)
                .streamed()
                .unauthorized();
        for (var h : headers.entrySet()) {
            request = request.withHeader(h.getKey(), h.getValue());
        }
        try (HttpTransport.Response response = transport.send(request)) {
            int status = response.status();
            String text = firstBytes(response);
            Duration retryAfter = RetrySchedule.honoursRetryAfter(status)
                    ? RetrySchedule.retryAfter(response.header("retry-after"), clock.instant())
                    : null;
            Kind kind;
            String error = null;
            if (status >= 200 && status < 300) {
                kind = Kind.SUCCEEDED;
            } else if (status == 410) {
                kind = Kind.GONE;
                error = "the endpoint answered 410 Gone";
            } else if (status >= 300 && status < 400) {
                kind = Kind.REDIRECT;
                String location = response.header("location");
                error = "the endpoint answered " + status + " (a redirect, which is never followed"
                        + (location == null ? "" : ", to " + location) + "); change the endpoint's url";
            } else {
                kind = Kind.FAILED;
                error = "the endpoint answered " + status;
            }
            return result(delivery.tenantId(), delivery.id(), number, endpoint, message.id(), started,
                    startNanos,
                    headers, status, text, error, kind, retryAfter);
        } catch (ConnectorException e) {
            Kind kind = switch (e.code()) {
                case "http.timeout" -> Kind.TIMEOUT;
                case "egress.refused" -> Kind.REFUSED;
                default -> Kind.ERROR;
            };
            return result(delivery.tenantId(), delivery.id(), number, endpoint, message.id(), started,
                    startNanos,
                    headers, null, null, e.getMessage(), kind, null);
        }
    }

    private Result result(String tenantId, String deliveryId, int number, WebhookEndpoint endpoint,
            String messageId, Instant started, long startNanos, Map<String, String> headers, Integer status,
            String body, String error, Kind kind, Duration retryAfter) {
        long latency = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        WebhookAttempt attempt = new WebhookAttempt(tenantId, deliveryId, number, endpoint.id(), messageId,
                started,
                latency, Redaction.headers(headers), status, body, error, kind == Kind.SUCCEEDED);
        return new Result(attempt, retryAfter, kind);
    }

    /** The first 4 KiB of the body as text; the rest is not read (the connection is then not reused). */
    private static String firstBytes(HttpTransport.Response response) {
        byte[] buffer = new byte[WebhookAttempt.MAX_RESPONSE_BODY];
        int n = 0;
        try (InputStream in = response.stream()) {
            while (n < buffer.length) {
                int read = in.read(buffer, n, buffer.length - n);
                if (read < 0) {
                    break;
                }
                n += read;
            }
        } catch (IOException e) {
            // The status is what counts; a body cut short is kept as far as it came.
        }
        // A NUL cannot be stored in a PostgreSQL text column; it shows as U+FFFD.
        return n == 0 ? null : new String(buffer, 0, n, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    static List<String> reservedHeaders() {
        return List.of("content-type", "content-length", "host", "user-agent", "transfer-encoding",
                "connection",
                StandardWebhooksSpec.ID_HEADER, StandardWebhooksSpec.TIMESTAMP_HEADER,
                StandardWebhooksSpec.SIGNATURE_HEADER);
    }
}
