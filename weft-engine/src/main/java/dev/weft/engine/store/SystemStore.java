package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where configured systems are kept. Implementations are thread-safe and durable. */
public interface SystemStore {

    /**
     * Creates the system, or replaces its connector, config, credential and policy: version 1 and
     * {@code createdAt = now} for a new one, one more version and {@code updatedAt = now} otherwise.
     * Returns what is stored.
     */
    SystemRecord putSystem(String tenantId, String id, String connector, JsonNode config, String credential,
            JsonNode policy, Instant now);

    /**
     * Like {@link #putSystem}, but only if the system is at {@code expectedVersion} now, or, for 0, only if
     * there is none: a compare-and-set, so that of two changes made from the same version one is stored
     * and the other answered empty. Returns what is stored, or empty when nothing was.
     */
    Optional<SystemRecord> putSystemIf(String tenantId, String id, long expectedVersion, String connector,
            JsonNode config, String credential, JsonNode policy, Instant now);

    Optional<SystemRecord> system(String tenantId, String id);

    /** The tenant's systems by id. */
    List<SystemRecord> systems(String tenantId);

    /** Deletes it; false when there was none. */
    boolean deleteSystem(String tenantId, String id);
}
