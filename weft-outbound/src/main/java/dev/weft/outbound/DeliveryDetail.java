package dev.weft.outbound;

import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookMessage;
import java.util.List;

/** A delivery with its message and every attempt, first first. Immutable. */
public record DeliveryDetail(WebhookDelivery delivery, WebhookMessage message,
        List<WebhookAttempt> attempts) {
    public DeliveryDetail {
        attempts = List.copyOf(attempts);
    }
}
