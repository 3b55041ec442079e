package dev.weft.engine.store.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * What is sent to endpoints for one event: its id is every delivery's {@code webhook-id}, the same on every
 * attempt and for every endpoint, and its body is the JSON sent, fixed when the message is created so that
 * retries and replays send the same bytes. Kept apart from the event, which retention may delete sooner.
 * Immutable.
 *
 * @param id {@code msg_} and the event's sequence number for a message of the feed; {@code msg_} and a
 *     random id for a test send
 * @param eventType the event's type
 * @param eventId the event's id ({@code evt_42}), or null for a test send
 * @param body the JSON text sent: {@code {"type": ..., "timestamp": ..., "data": ...}}
 * @param occurredAt when the event occurred (its commit, by the writer's clock)
 */
public record WebhookMessage(String tenantId, String id, String eventType, String eventId, String body,
        Instant occurredAt) {

    public WebhookMessage {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
