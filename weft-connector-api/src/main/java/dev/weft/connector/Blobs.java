package dev.weft.connector;

import java.io.IOException;
import java.io.InputStream;

/**
 * The platform's blob store, for values too large to pass as JSON (a downloaded PDF, a file, an
 * attachment): bytes are stored once per tenant under their SHA-256 and steps pass a {@link BlobRef}
 * instead. Both directions stream: nothing here holds a whole value in memory. Implemented by the
 * platform; thread-safe.
 *
 * <p>Errors are {@link ConnectorException}s a connector may let through as its call's error:
 * {@code blob.too_large} (permanent, the value is larger than the platform's {@code blobs.maxSize}),
 * {@code blob.not_found} and {@code blob.mismatch} (permanent, the reference names nothing stored, or not
 * what is stored) and {@code blob.storage} (retryable, the store failed).
 */
public interface Blobs {

    /**
     * Reads {@code content} to its end and stores it, unless the same bytes are already stored; does not
     * close it.
     *
     * @param contentType the media type, for example {@code application/pdf}; null means
     *     {@link BlobRef#DEFAULT_CONTENT_TYPE}
     * @return the reference to pass on, with the hash and size of what was read
     * @throws IOException when reading {@code content} fails (nothing is stored)
     * @throws ConnectorException when the value is too large or the store fails
     */
    BlobRef put(InputStream content, String contentType) throws IOException, ConnectorException;

    /**
     * Refuses at once a value whose size is known in advance (a response's Content-Length) and larger than
     * {@link #put} would store, so that nothing of it is read; does nothing otherwise.
     *
     * @throws ConnectorException {@code blob.too_large}, as {@link #put} would throw after reading it
     */
    default void checkSize(long declaredBytes) throws ConnectorException {
    }

    /**
     * Opens a stored blob for reading, chunk by chunk; the caller closes the stream.
     *
     * @throws ConnectorException {@code blob.not_found} when this tenant has no such blob,
     *     {@code blob.mismatch} when its size is not the reference's
     */
    InputStream open(BlobRef ref) throws ConnectorException;
}
