package dev.weft.engine;

/**
 * Whether a tenant may start another execution now: its quota of active executions. The client asks before
 * every start, whatever started it (the API, a webhook, a schedule, a connector trigger).
 */
@FunctionalInterface
public interface Admission {
    /** Admits every start. */
    Admission ALL = tenant -> {
    };

    /**
     * Admits a start in {@code tenant}, or refuses it.
     *
     * @throws QuotaExceededException when the tenant is at its quota
     */
    void admit(String tenant);
}
