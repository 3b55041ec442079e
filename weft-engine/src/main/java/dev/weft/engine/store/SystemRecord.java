package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A configured external system: which connector talks to it, its configuration, the name of the vault
 * credential it uses (never the secret), and its gateway policy.
 *
 * @param credential a vault credential name, or null
 * @param version 1 when created, one more at every change: clients opened for an older version are
 *     replaced
 */
public record SystemRecord(String tenantId, String id, String connector, JsonNode config, String credential,
        JsonNode policy, long version, Instant createdAt, Instant updatedAt) {
    public SystemRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
