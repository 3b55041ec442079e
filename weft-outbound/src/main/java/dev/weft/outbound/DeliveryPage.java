package dev.weft.outbound;

import dev.weft.engine.store.webhook.WebhookDelivery;
import java.util.List;

/** A page of deliveries, newest first, and the cursor of the next page (null after the last). Immutable. */
public record DeliveryPage(List<WebhookDelivery> items, String next) {
    public DeliveryPage {
        items = List.copyOf(items);
    }
}
