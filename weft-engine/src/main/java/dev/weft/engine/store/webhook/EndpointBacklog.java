package dev.weft.engine.store.webhook;

import java.time.Instant;

/**
 * An endpoint's pending deliveries: how many, and when the oldest of them was created (null when none).
 * Immutable.
 */
public record EndpointBacklog(String tenantId, String endpointId, long pending, Instant oldestCreatedAt) {
}
