package dev.weft.engine.store;

import dev.weft.connector.BlobRef;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Where blobs are kept: bytes stored once per tenant under their SHA-256 ({@code sha256:<hex>}), written
 * and read in chunks so that no value is ever held whole in memory. Hashing, the size limit and the
 * checks belong to {@code dev.weft.engine.blob.StoredBlobs}; a store only keeps what it is given.
 * Implementations are thread-safe and durable.
 */
public interface BlobStore {

    /** The stored blob under {@code hash} (its size and the content type it was first stored with). */
    Optional<BlobRef> blob(String tenantId, String hash);

    /**
     * Stores {@code content}, which holds exactly {@code ref.size()} bytes whose SHA-256 is
     * {@code ref.hash()} (the caller has checked), unless the tenant has that blob already. Reads
     * {@code content} to the end, a chunk at a time; does not close it. The blob becomes visible to
     * {@link #blob} and {@link #openBlob} only once all of it is durable.
     *
     * @return false when the blob was already stored (nothing was written)
     * @throws IllegalArgumentException when {@code content} does not hold {@code ref.size()} bytes
     */
    boolean putBlob(String tenantId, BlobRef ref, InputStream content, Instant now);

    /**
     * Opens the blob for reading, chunk by chunk as the stream is read, or empty when the tenant has no
     * such blob. The stream throws an {@link java.io.IOException} if the store fails while it is read.
     */
    Optional<InputStream> openBlob(String tenantId, String hash);

    /** The bytes of all the tenant's blobs (each counted once, whatever refers to it). */
    long storedBytes(String tenantId);
}
