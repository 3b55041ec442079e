package dev.weft.webhooks;

import dev.weft.webhooks.internal.Checks;
import java.time.Duration;

/**
 * Verification by the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> scheme: headers
 * {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}, HMAC-SHA256 over
 * {@code id.timestamp.body}, timestamps accepted within {@code tolerance} before or after now. Immutable.
 */
public record StandardWebhooksSpec(String credential, Duration tolerance) implements VerifySpec {
    public static final String SCHEME = "standard-webhooks";
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** The window the specification recommends, in both directions. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    public StandardWebhooksSpec {
        Checks.credential(credential);
        Checks.tolerance(tolerance);
    }

    /** With the {@link #DEFAULT_TOLERANCE}. */
    public StandardWebhooksSpec(String credential) {
        this(credential, DEFAULT_TOLERANCE);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }
}
