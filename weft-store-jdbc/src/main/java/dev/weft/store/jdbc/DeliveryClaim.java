package dev.weft.store.jdbc;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a dispatcher asks of {@link dev.weft.engine.store.webhook.WebhookStore#claim}, as a {@link Dialect}
 * runs it. Immutable.
 *
 * @param ownerIsDead says whether the owner of a live lease is dead (its deliveries are then free)
 * @param skipEndpoints endpoints whose deliveries are not taken
 */
record DeliveryClaim(String owner, Instant now, Instant leaseUntil, int max, Predicate<String> ownerIsDead,
        Set<String> skipEndpoints) {

    DeliveryClaim {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        ownerIsDead = ownerIsDead == null ? o -> false : ownerIsDead;
        skipEndpoints = skipEndpoints == null ? Set.of() : Set.copyOf(skipEndpoints);
    }
}
