package dev.weft.outbound;

import dev.weft.engine.store.webhook.WebhookEndpoint;
import java.time.Instant;

/**
 * An endpoint after a secret rotation: the new secret (shown this once) and until when deliveries also carry
 * a signature with the previous one. Immutable.
 */
public record RotatedSecret(WebhookEndpoint endpoint, String secret, Instant previousSecretExpiresAt) {
    @Override
    public String toString() {
        return "RotatedSecret[" + endpoint.id() + ", previous until " + previousSecretExpiresAt + "]";
    }
}
