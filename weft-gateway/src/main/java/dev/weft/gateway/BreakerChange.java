package dev.weft.gateway;

/**
 * A circuit breaker's change of state, as {@link CallObserver}s see it. Immutable.
 *
 * @param system the system whose breaker it is, or {@code (connector without a system)} for the breaker of
 *     the calls without a system to one origin
 * @param endpoint the endpoint's base URL when the system has several ({@code policy.endpoints}), each with
 *     a breaker of its own; the origin for calls without a system; else null
 * @param from the state left: {@code closed}, {@code open}, {@code half_open} or {@code forced_open}
 * @param to the state entered, one of the same
 * @param failureRate the failure rate in percent of the calls the breaker counted when it changed, or null
 *     when they were fewer than its minimum (a breaker entering {@code closed} starts with none)
 */
public record BreakerChange(String system, String endpoint, String from, String to, Float failureRate) {

    /** Whether the breaker is a system's, rather than that of the calls without a system to one origin. */
    public boolean ofSystem() {
        return !system.startsWith("(");
    }
}
