package dev.weft.engine.store.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * A deployed sync job: its source as deployed (YAML or JSON) and that text's SHA-256, so that deploying the
 * same text again changes nothing. Only the latest version is kept; {@code version} counts deployments of a
 * changed text and each run records the version it ran. Immutable.
 *
 * @param enabled false while the job is paused: its schedule starts no run (a run asked for by hand still runs)
 */
public record SyncJobRecord(String tenantId, String id, int version, String source, String sha256,
        boolean enabled, Instant createdAt, Instant updatedAt) {

    public SyncJobRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
