package dev.weft.engine.blob;

import dev.weft.connector.ConnectorException;

/** Whether a tenant may store a new blob of some size: its quota of stored bytes. */
@FunctionalInterface
public interface BlobQuota {
    /** No quota. */
    BlobQuota NONE = (tenant, bytes) -> {
    };

    /**
     * Admits {@code bytes} more of {@code tenant}'s, or refuses them.
     *
     * @throws ConnectorException {@code quota.stored_bytes} (permanent) when the tenant would pass its quota
     */
    void admit(String tenant, long bytes) throws ConnectorException;
}
