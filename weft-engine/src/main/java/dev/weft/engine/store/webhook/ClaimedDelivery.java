package dev.weft.engine.store.webhook;

/** A delivery a dispatcher holds the lease of, with the message it sends. Immutable. */
public record ClaimedDelivery(WebhookDelivery delivery, WebhookMessage message) {
}
