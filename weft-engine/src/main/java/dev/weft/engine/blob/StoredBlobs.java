package dev.weft.engine.blob;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Blobs;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The blobs of one tenant in a {@link BlobStore}: a value is streamed to a spool file while its SHA-256
 * and size are computed (refused as soon as it passes {@link BlobSettings#maxSize}), then handed to the
 * store, which keeps it once per hash. Memory stays at one buffer per call, however large the value.
 * Thread-safe.
 */
public final class StoredBlobs implements Blobs {
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final BlobStore store;
    private final String tenantId;
    private final BlobSettings settings;
    private final Clock clock;
    private final BlobQuota quota;

    private StoredBlobs(BlobStore store, String tenantId, BlobSettings settings, Clock clock,
            BlobQuota quota) {
        this.quota = Objects.requireNonNull(quota, "quota");
        this.store = Objects.requireNonNull(store, "store");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static StoredBlobs of(BlobStore store, String tenantId, BlobSettings settings, Clock clock) {
        return new StoredBlobs(store, tenantId, settings, clock, BlobQuota.NONE);
    }

    /** As {@link #of(BlobStore, String, BlobSettings, Clock)}, a new blob admitted by the tenant's quota first. */
    public static StoredBlobs of(BlobStore store, String tenantId, BlobSettings settings, Clock clock,
            BlobQuota quota) {
        return new StoredBlobs(store, tenantId, settings, clock, quota);
    }

    /**
     * Deletes the spool files in {@code settings}' spool directory last written more than {@code olderThan}
     * before {@code now}: those a killed process left behind (a put in progress writes its file as it reads,
     * and stores it within minutes). Returns how many it deleted; a file it cannot delete is left.
     */
    public static int deleteStaleSpoolFiles(BlobSettings settings, Instant now, Duration olderThan) {
        if (!Files.isDirectory(settings.spoolDir())) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(settings.spoolDir(), "blob-*.spool")) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(olderThan))
                            && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    // another process's file, or already gone: leave it
                }
            }
        } catch (IOException e) {
            // an unreadable spool directory holds nothing this can clean; puts will say why they fail
        }
        return deleted;
    }

    @Override
    public void checkSize(long declaredBytes) throws ConnectorException {
        if (declaredBytes > settings.maxSize()) {
            throw tooLarge();
        }
    }

    @Override
    public BlobRef put(InputStream content, String contentType) throws IOException, ConnectorException {
        try {
            new BlobRef(EMPTY, 0, contentType); // the content type is checked before anything is read
        } catch (IllegalArgumentException e) {
            throw ConnectorException.permanent("blob.content_type", e.getMessage(), null, null);
        }
        Path spool = spoolFile();
        try {
            BlobRef ref = spool(content, contentType, spool);
            if (store.blob(tenantId, ref.hash()).isEmpty()) {
                quota.admit(tenantId, ref.size()); // a blob stored already adds no byte
            }
            try (InputStream in = Files.newInputStream(spool)) {
                store.putBlob(tenantId, ref, in, clock.instant());
            } catch (IOException | RuntimeException e) {
                throw storageFailed("storing " + ref.hash() + " failed: " + e.getMessage(), e);
            }
            return ref;
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Copies {@code content} into {@code spool}, hashing and counting; the reference of what was read. */
    private BlobRef spool(InputStream content, String contentType, Path spool)
            throws IOException, ConnectorException {
        MessageDigest sha256 = sha256();
        long size = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (OutputStream out = Files.newOutputStream(spool)) {
            // Reading fails as the caller's content fails (an IOException); writing fails as the store.
            for (int n; (n = content.read(buffer)) >= 0;) {
                size += n;
                if (size > settings.maxSize()) {
                    throw tooLarge();
                }
                sha256.update(buffer, 0, n);
                write(out, buffer, n);
            }
        } catch (SpoolFailure e) {
            throw storageFailed("the value could not be written to the spool directory "
                    + settings.spoolDir() + ": " + e.getCause().getMessage(), e.getCause());
        }
        return new BlobRef("sha256:" + HexFormat.of().formatHex(sha256.digest()), size, contentType);
    }

    private static void write(OutputStream out, byte[] buffer, int n) throws SpoolFailure {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new SpoolFailure(e);
        }
    }

    /** A write to the spool file failed, as opposed to reading the caller's content. */
    private static final class SpoolFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SpoolFailure(IOException cause) {
            super(cause);
        }
    }

    private Path spoolFile() throws ConnectorException {
        try {
            Files.createDirectories(settings.spoolDir());
            return Files.createTempFile(settings.spoolDir(), "blob-", ".spool");
        } catch (IOException e) {
            throw storageFailed(
                    "cannot create a spool file in " + settings.spoolDir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(BlobRef ref) throws ConnectorException {
        Optional<BlobRef> stored;
        Optional<InputStream> content;
        try {
            stored = store.blob(tenantId, ref.hash());
            content = stored.isEmpty() ? Optional.empty() : store.openBlob(tenantId, ref.hash());
        } catch (RuntimeException e) {
            throw storageFailed("reading " + ref.hash() + " failed: " + e.getMessage(), e);
        }
        if (content.isEmpty()) {
            throw ConnectorException.permanent("blob.not_found",
                    "no blob " + ref.hash() + " is stored for this"
                            + " tenant; a blob reference works in the tenant whose step or upload stored it",
                    details(
                            ref),
                    null);
        }
        if (stored.get().size() != ref.size()) {
            close(content.get());
            throw ConnectorException.permanent("blob.mismatch", "the reference to " + ref.hash() + " says "
                    + ref.size() + " bytes, but the blob has " + stored.get().size() + "; pass the reference"
                    + " on as it was returned", details(ref), null);
        }
        return content.get();
    }

    private ConnectorException tooLarge() {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("maxSize", settings.maxSize());
        return ConnectorException.permanent("blob.too_large", "the value is larger than "
                + BlobSettings.MAX_SIZE_OPTION + " (" + settings.maxSize() + " bytes); raise "
                + BlobSettings.MAX_SIZE_OPTION + " in the server configuration to store it", details, null);
    }

    private static ConnectorException storageFailed(String message, Throwable cause) {
        return ConnectorException.retryable("blob.storage", "the blob store failed: " + message, null, cause);
    }

    private static ObjectNode details(BlobRef ref) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("blob", ref.hash());
        return details;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it; a failure to release it changes nothing for the caller
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "blobs of tenant " + tenantId;
    }
}
