package dev.weft.testkit.blob;

import dev.weft.connector.Blobs;
import dev.weft.engine.blob.BlobSettings;
import dev.weft.engine.blob.StoredBlobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Blob stores for connector tests: the platform's own {@link StoredBlobs} (hashing, size limit, checks)
 * over a {@link DirectoryBlobStore}, so that what a connector puts is really stored and read back.
 * Stateless apart from one temporary directory per JVM, deleted when the JVM exits.
 */
public final class TestBlobs {
    /** The tenant that test blobs belong to. */
    public static final String TENANT = "test";

    private TestBlobs() {
    }

    /** Blobs under {@code dir}, with the default size limit. */
    public static StoredBlobs in(Path dir) {
        return in(dir, BlobSettings.DEFAULT_MAX_SIZE);
    }

    /** Blobs under {@code dir}, refusing values larger than {@code maxSize} bytes. */
    public static StoredBlobs in(Path dir, long maxSize) {
        return StoredBlobs.of(DirectoryBlobStore.in(dir.resolve("store")), TENANT,
                new BlobSettings(maxSize, dir.resolve("spool")), Clock.systemUTC());
    }

    /** Blobs in this JVM's temporary directory, shared by the tests that need no directory of their own. */
    public static Blobs temporary() {
        return Shared.BLOBS;
    }

    /** Created on first use: tests without blobs create no directory. */
    private static final class Shared {
        static final Blobs BLOBS = in(directory());

        private static Path directory() {
            try {
                Path dir = Files.createTempDirectory("weft-test-blobs-");
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(() -> delete(dir), "weft-test-blobs-cleanup"));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for test blobs", e);
            }
        }

        private static void delete(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // left for the operating system's temporary-file cleanup
            }
        }
    }
}
