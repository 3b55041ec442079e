package dev.weft.engine.store;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Asks the store for work: executions that are QUEUED or RUNNING, or WAITING with {@code dueAt <= now},
 * and not held by a live lease, including the requester's own (it is driving those already). A lease
 * is live while {@code leaseUntil > now} and its owner is not known to be dead ({@code ownerIsDead}, used
 * by the embedded store to reclaim at once the work of a killed process on the same machine).
 *
 * @param lostWork whether to look for the work of lost workers too: leases that have expired, and those
 *     of owners known to be dead. When false, the store may return only work that nobody holds (new,
 *     handed back, or due) and skip that search, which on a busy database costs more than the rest of the
 *     claim: it must pass over every execution that live workers drive. Leases expire after minutes or
 *     seconds, so a claim loop asks for lost work every fraction of a lease, not on every poll.
 */
public record ClaimRequest(String owner, Instant now, Duration lease, int max,
        Predicate<String> ownerIsDead, boolean lostWork) {

    /** A claim that looks for lost work too. */
    public ClaimRequest(String owner, Instant now, Duration lease, int max, Predicate<String> ownerIsDead) {
        this(owner, now, lease, max, ownerIsDead, true);
    }
}
