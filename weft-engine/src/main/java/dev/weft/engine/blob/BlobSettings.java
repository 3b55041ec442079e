package dev.weft.engine.blob;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How blobs are kept, validated. Immutable.
 *
 * @param maxSize the largest blob in bytes ({@code blobs.maxSize}); a larger value is refused while it is
 *     read, before it is stored
 * @param spoolDir where a value is written while its hash is computed, before it is stored; it should be
 *     on disk (not a RAM-backed tmpfs), or memory is what large values fill
 */
public record BlobSettings(long maxSize, Path spoolDir) {
    /** 256 MiB. */
    public static final long DEFAULT_MAX_SIZE = 256L * 1024 * 1024;
    /** The configuration option that sets {@link #maxSize}, named in errors. */
    public static final String MAX_SIZE_OPTION = "blobs.maxSize";

    public BlobSettings {
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (maxSize < 1) {
            throw new IllegalArgumentException(
                    MAX_SIZE_OPTION + " must be at least 1 byte, but was " + maxSize);
        }
    }

    /** The default limit, spooling in {@code spoolDir}. */
    public static BlobSettings spoolingIn(Path spoolDir) {
        return new BlobSettings(DEFAULT_MAX_SIZE, spoolDir);
    }

    public BlobSettings withMaxSize(long bytes) {
        return new BlobSettings(bytes, spoolDir);
    }
}
