package dev.weft.engine.store;

import java.time.Instant;

/**
 * One deployed, immutable version of a flow: the source exactly as deployed (YAML or JSON) and its
 * SHA-256, so that deploying the same text twice does not create a new version.
 */
public record FlowVersion(
        String tenantId,
        String namespace,
        String flowId,
        int version,
        String source,
        String sha256,
        Instant createdAt) {
}
