package dev.weft.engine.store;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Asks the store for work: executions that are QUEUED or RUNNING, or WAITING with {@code dueAt <= now},
 * and not held by a live lease, including the requester's own (it is driving those already). A lease
 * is live while {@code leaseUntil > now} and its owner is not known to be dead ({@code ownerIsDead}, used by the embedded store to reclaim at once the work of a
 * killed process on the same machine).
 */
public record ClaimRequest(String owner, Instant now, Duration lease, int max,
        Predicate<String> ownerIsDead) {
}
