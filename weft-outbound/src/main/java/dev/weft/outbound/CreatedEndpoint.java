package dev.weft.outbound;

import dev.weft.engine.store.webhook.WebhookEndpoint;

/** A new endpoint and its signing secret, which is shown this once. Immutable. */
public record CreatedEndpoint(WebhookEndpoint endpoint, String secret) {
    @Override
    public String toString() {
        return "CreatedEndpoint[" + endpoint.id() + "]"; // never the secret
    }
}
