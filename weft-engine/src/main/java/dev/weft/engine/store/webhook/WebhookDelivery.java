package dev.weft.engine.store.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One message to one endpoint: a due row claimed like an execution (a lease with a fencing version), tried
 * by the retry schedule until an attempt succeeds or the schedule ends. Immutable.
 *
 * @param id {@code dlv_} and a time-ordered id
 * @param status where it stands
 * @param attempts how many attempts were made in all (the next one's number is {@code attempts + 1})
 * @param round how many attempts were made since it last became pending (a retry or a replay starts the
 *     schedule again): the index of the next delay in the retry schedule
 * @param dueAt when its next attempt is due; while a lease holds it, the lease's end (when it is due again
 *     should the lease expire); null unless pending
 * @param lastStatus the last attempt's HTTP status, or null (none yet, or no response)
 * @param lastError the last attempt's error, or null
 * @param leaseOwner the dispatcher that holds it, or null
 * @param leaseUntil until when the lease holds, or null
 * @param leaseVersion the fencing token: incremented by every claim, checked by every outcome
 */
public record WebhookDelivery(String tenantId, String id, String endpointId, String messageId,
        String eventType, DeliveryStatus status, int attempts, int round, Instant dueAt, Integer lastStatus,
        String lastError, Instant createdAt, Instant updatedAt, String leaseOwner, Instant leaseUntil,
        long leaseVersion) {

    public WebhookDelivery {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * A new pending delivery, held by {@code owner} until {@code leaseUntil} and due then, or held by nobody
     * and due at {@code now}.
     */
    public static WebhookDelivery pending(String tenantId, String id, String endpointId, String messageId,
            String eventType, Instant now, String owner, Instant leaseUntil) {
        if (owner != null) {
            Objects.requireNonNull(leaseUntil,
                    "leaseUntil (a delivery held by " + owner + " needs its lease's end)");
        }
        return new WebhookDelivery(tenantId, id, endpointId, messageId, eventType, DeliveryStatus.PENDING, 0,
                0,
                owner == null ? now : leaseUntil, null, null, now, now, owner,
                owner == null ? null : leaseUntil,
                owner == null ? 0 : 1);
    }
}
