package dev.weft.testkit.blob;

import dev.weft.connector.BlobRef;
import dev.weft.engine.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link BlobStore} in a directory, for tests that have no database (connector tests): one folder per
 * tenant, one file per blob named by its hash, its size and content type in a small file beside it that
 * is written last (a blob without it is not there yet). Files are moved into place whole, so a reader
 * never sees half a blob. Passes the same contract as the database stores. Thread-safe.
 */
public final class DirectoryBlobStore implements BlobStore {
    private final Path root;

    private DirectoryBlobStore(Path root) {
        this.root = root;
    }

    /** Keeps blobs under {@code root}, creating it when needed. */
    public static DirectoryBlobStore in(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return new DirectoryBlobStore(root);
    }

    @Override
    public long storedBytes(String tenantId) {
        Path dir = root.resolve(tenant(tenantId));
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path meta : files.filter(p -> p.getFileName().toString().endsWith(".meta")).toList()) {
                total += Long.parseLong(Files.readAllLines(meta, StandardCharsets.UTF_8).get(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return total;
    }

    @Override
    public Optional<BlobRef> blob(String tenantId, String hash) {
        Path meta = meta(tenantId, hash);
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
            return Optional.of(new BlobRef(hash, Long.parseLong(lines.get(0)), lines.get(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
    }

    @Override
    public boolean putBlob(String tenantId, BlobRef ref, InputStream content, Instant now) {
        if (blob(tenantId, ref.hash()).isPresent()) {
            return false;
        }
        try {
            Path dir = Files.createDirectories(root.resolve(tenant(tenantId)));
            Path data = Files.createTempFile(dir, "put-", ".tmp");
            long written;
            try {
                written = Files.copy(content, data, StandardCopyOption.REPLACE_EXISTING);
                if (written != ref.size()) {
                    throw new IllegalArgumentException("the content of " + ref.hash() + " holds " + written
                            + " bytes, but its reference says " + ref.size());
                }
                move(data, data(tenantId, ref.hash()));
            } finally {
                Files.deleteIfExists(data);
            }
            Path meta = Files.createTempFile(dir, "meta-", ".tmp");
            try {
                Files.writeString(meta, ref.size() + "\n" + ref.contentType() + "\n");
                move(meta, meta(tenantId, ref.hash()));
            } finally {
                Files.deleteIfExists(meta);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + ref.hash() + " under " + root, e);
        }
    }

    @Override
    public Optional<InputStream> openBlob(String tenantId, String hash) {
        if (blob(tenantId, hash).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(data(tenantId, hash)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hash + " under " + root, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path data(String tenantId, String hash) {
        return root.resolve(tenant(tenantId)).resolve(hash.replace(':', '-'));
    }

    private Path meta(String tenantId, String hash) {
        return root.resolve(tenant(tenantId)).resolve(hash.replace(':', '-') + ".meta");
    }

    /** A tenant's folder name: its id, encoded so that no id can name another folder. */
    private static String tenant(String tenantId) {
        return "t-" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8).replace(".", "%2E");
    }

    @Override
    public String toString() {
        return "blobs in " + root;
    }
}
