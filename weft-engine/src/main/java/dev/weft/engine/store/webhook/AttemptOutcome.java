package dev.weft.engine.store.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * What an attempt did and what the delivery becomes after it, written in one transaction with other
 * outcomes (group commit) if the delivery's lease is still the sender's ({@code leaseVersion}). Immutable.
 *
 * @param attempt the attempt's record for the history
 * @param leaseVersion the lease version the sender claimed the delivery with (the fencing token)
 * @param status {@link DeliveryStatus#SUCCEEDED}, {@link DeliveryStatus#PENDING} (due again at
 *     {@code nextDueAt}) or {@link DeliveryStatus#FAILED} (given up)
 * @param nextDueAt when a pending delivery is tried again; null otherwise
 */
public record AttemptOutcome(WebhookAttempt attempt, long leaseVersion, DeliveryStatus status,
        Instant nextDueAt) {

    public AttemptOutcome {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(status, "status");
        if ((status == DeliveryStatus.PENDING) != (nextDueAt != null)) {
            throw new IllegalArgumentException("a pending outcome needs the next due time, and only a pending"
                    + " one has it; status " + status + ", nextDueAt " + nextDueAt);
        }
    }
}
