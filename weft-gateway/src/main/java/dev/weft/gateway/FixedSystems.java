package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fixed set of systems held in memory, for a gateway outside the server: none for {@code weft run} by
 * default, or those of a {@code --systems} file. Read-only: systems are changed by editing the file, so
 * {@link #putSystem} and {@link #deleteSystem} refuse. Immutable and thread-safe.
 */
public final class FixedSystems implements SystemStore {
    private final Map<String, SystemRecord> byId = new TreeMap<>();

    private FixedSystems(List<SystemRecord> systems) {
        for (SystemRecord s : systems) {
            if (byId.putIfAbsent(s.tenantId() + "/" + s.id(), s) != null) {
                throw new IllegalArgumentException("system '" + s.id() + "' is defined twice");
            }
        }
    }

    /** No systems: call steps without a {@code system} only. */
    public static FixedSystems none() {
        return new FixedSystems(List.of());
    }

    public static FixedSystems of(List<SystemRecord> systems) {
        return new FixedSystems(systems);
    }

    @Override
    public SystemRecord putSystem(String tenantId, String id, String connector, JsonNode config,
            String credential, JsonNode policy, Instant now) {
        throw new UnsupportedOperationException("these systems are fixed (a --systems file); edit the file to"
                + " change system '" + id + "'");
    }

    @Override
    public Optional<SystemRecord> putSystemIf(String tenantId, String id, long expectedVersion,
            String connector, JsonNode config, String credential, JsonNode policy, Instant now) {
        return Optional.of(putSystem(tenantId, id, connector, config, credential, policy, now));
    }

    @Override
    public Optional<SystemRecord> system(String tenantId, String id) {
        return Optional.ofNullable(byId.get(tenantId + "/" + id));
    }

    @Override
    public List<SystemRecord> systems(String tenantId) {
        return byId.values().stream().filter(s -> s.tenantId().equals(tenantId)).toList();
    }

    @Override
    public boolean deleteSystem(String tenantId, String id) {
        throw new UnsupportedOperationException("these systems are fixed (a --systems file); edit the file to"
                + " remove system '" + id + "'");
    }
}
