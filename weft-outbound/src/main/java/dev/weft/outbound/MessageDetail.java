package dev.weft.outbound;

import dev.weft.engine.store.webhook.WebhookMessage;
import java.util.List;

/** A message with its delivery to each endpoint and their attempts. Immutable. */
public record MessageDetail(WebhookMessage message, List<DeliveryDetail> deliveries) {
    public MessageDetail {
        deliveries = List.copyOf(deliveries);
    }
}
