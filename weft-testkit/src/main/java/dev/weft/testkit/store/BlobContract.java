package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.BlobRef;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.blob.BlobSettings;
import dev.weft.engine.blob.StoredBlobs;
import dev.weft.engine.store.BlobStore;
import dev.weft.testkit.blob.GeneratedBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob store, through the platform's {@link StoredBlobs} (hashing, size limit, checks): values read
 * back byte for byte, stored once per hash and tenant, streamed in and out whatever their size, and kept
 * apart per tenant. Implement {@link #blobStore()}; the storage contract does so with its storage's.
 */
public interface BlobContract {

    /** The blob store under test, empty at the start of each test. */
    BlobStore blobStore();

    private StoredBlobs blobs(String tenant, Path spool) {
        return StoredBlobs.of(blobStore(), tenant, BlobSettings.spoolingIn(spool), Clock.systemUTC());
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    default void aBlobReadsBackByteForByteUnderItsHash(@TempDir Path spool) throws Exception {
        byte[] text = "a small invoice, as text".getBytes(StandardCharsets.UTF_8);
        StoredBlobs blobs = blobs("acme", spool);

        BlobRef ref = blobs.put(new ByteArrayInputStream(text), "text/plain");

        assertThat(ref.hash()).isEqualTo(GeneratedBytes.sha256(new ByteArrayInputStream(text)));
        assertThat(ref.size()).isEqualTo(text.length);
        assertThat(ref.contentType()).isEqualTo("text/plain");
        assertThat(readAll(blobs.open(ref))).isEqualTo(text);
        assertThat(blobStore().blob("acme", ref.hash())).contains(ref);
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).as("spool files left behind").isEmpty();
        }
    }

    @Test
    default void anEmptyValueIsABlobToo(@TempDir Path spool) throws Exception {
        StoredBlobs blobs = blobs("acme", spool);
        BlobRef ref = blobs.put(InputStream.nullInputStream(), null);

        assertThat(ref.hash())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ref.contentType()).isEqualTo(BlobRef.DEFAULT_CONTENT_TYPE);
        assertThat(readAll(blobs.open(ref))).isEmpty();
    }

    @Test
    default void theSameBytesAreStoredOnceAndKeepTheirFirstContentType(@TempDir Path spool) throws Exception {
        byte[] pdf = "%PDF-1.7 not really".getBytes(StandardCharsets.UTF_8);
        StoredBlobs blobs = blobs("acme", spool);
        BlobRef first = blobs.put(new ByteArrayInputStream(pdf), "application/pdf");

        BlobRef again = blobs.put(new ByteArrayInputStream(pdf), "application/octet-stream");

        assertThat(again.hash()).isEqualTo(first.hash());
        assertThat(again.contentType()).as("the reference carries its caller's type")
                .isEqualTo("application/octet-stream");
        assertThat(blobStore().blob("acme", first.hash())).contains(first);
        assertThat(blobStore().putBlob("acme", first, new ByteArrayInputStream(pdf), T0))
                .as("stored again").isFalse();
        assertThat(readAll(blobs.open(again))).isEqualTo(pdf);
    }

    @Test
    default void aLargeValueIsStreamedInAndOutInChunks(@TempDir Path spool) throws Exception {
        long size = 5L * 1024 * 1024 + 123; // several chunks of any store that chunks by the MiB
        StoredBlobs blobs = blobs("acme", spool);

        BlobRef ref = blobs.put(GeneratedBytes.stream(size, 42), "application/octet-stream");

        assertThat(ref.size()).isEqualTo(size);
        assertThat(ref.hash()).isEqualTo(GeneratedBytes.sha256(size, 42));
        try (InputStream in = blobs.open(ref)) {
            assertThat(GeneratedBytes.sha256(in)).isEqualTo(ref.hash());
        }
        try (InputStream in = blobs.open(ref)) {
            // read in odd slices, as a consumer may
            byte[] head = new byte[1000];
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(1000);
            assertThat(in.skip(2L * 1024 * 1024)).isPositive();
            assertThat(in.read()).isBetween(0, 255);
        }
    }

    @Test
    default void aMissingOrMisquotedReferenceIsAPermanentError(@TempDir Path spool) throws Exception {
        StoredBlobs blobs = blobs("acme", spool);
        BlobRef missing = new BlobRef(GeneratedBytes.sha256(10, 7), 10, null);

        assertThatThrownBy(() -> blobs.open(missing)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("blob.not_found");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains(missing.hash());
        });
        assertThat(blobStore().blob("acme", missing.hash())).isEmpty();
        assertThat(blobStore().openBlob("acme", missing.hash())).isEmpty();

        BlobRef stored = blobs.put(GeneratedBytes.stream(10, 7), null);
        assertThatThrownBy(() -> blobs.open(new BlobRef(stored.hash(), 11, null)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("blob.mismatch");
                    assertThat(e.getMessage()).contains("11 bytes", "has 10");
                });
    }

    @Test
    default void blobsAreKeptPerTenant(@TempDir Path spool) throws Exception {
        byte[] secret = "acme's contract".getBytes(StandardCharsets.UTF_8);
        BlobRef ref = blobs("acme", spool).put(new ByteArrayInputStream(secret), "text/plain");
        StoredBlobs globex = blobs("globex", spool);

        assertThatThrownBy(() -> globex.open(ref)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.code()).isEqualTo("blob.not_found"));
        assertThat(blobStore().blob("globex", ref.hash())).isEmpty();

        BlobRef own = globex.put(new ByteArrayInputStream(secret), "text/csv");
        assertThat(own.hash()).isEqualTo(ref.hash());
        assertThat(blobStore().blob("globex", ref.hash()).orElseThrow().contentType()).isEqualTo("text/csv");
        assertThat(blobStore().blob("acme", ref.hash()).orElseThrow().contentType()).isEqualTo("text/plain");
    }

    @Test
    default void aValueOverTheLimitIsRefusedNamingTheSettingAndNothingIsStored(@TempDir Path spool) {
        StoredBlobs small = StoredBlobs.of(blobStore(), "acme", new BlobSettings(4096, spool),
                Clock.systemUTC());

        assertThatThrownBy(() -> small.put(GeneratedBytes.stream(4097, 3), null))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("blob.too_large");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("blobs.maxSize", "4096");
                });
        assertThat(blobStore().blob("acme", GeneratedBytes.sha256(4097, 3))).isEmpty();
        assertThat(spool.toFile().list()).as("spool files left behind").isEmpty();
    }

    @Test
    default void aTenantsStoredBytesCountEachBlobOnceAndItsQuotaRefusesANewOne(@TempDir Path spool)
            throws Exception {
        blobs("acme", spool).put(GeneratedBytes.stream(1000, 7), null);
        blobs("acme", spool).put(GeneratedBytes.stream(1000, 7), null);
        blobs("acme", spool).put(GeneratedBytes.stream(500, 8), null);
        blobs("globex", spool).put(GeneratedBytes.stream(300, 9), null);
        assertThat(blobStore().storedBytes("acme")).isEqualTo(1500);
        assertThat(blobStore().storedBytes("globex")).isEqualTo(300);
        assertThat(blobStore().storedBytes("initech")).isZero();

        StoredBlobs capped = StoredBlobs.of(blobStore(), "acme", BlobSettings.spoolingIn(spool),
                Clock.systemUTC(),
                (tenant, bytes) -> {
                    if (blobStore().storedBytes(tenant) + bytes > 2000) {
                        throw ConnectorException.permanent("quota.stored_bytes", "over", null, null);
                    }
                });
        capped.put(GeneratedBytes.stream(1000, 7), null); // stored already: no new byte
        assertThatThrownBy(() -> capped.put(GeneratedBytes.stream(600, 10), null))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.code()).isEqualTo(
                        "quota.stored_bytes"));
        assertThat(blobStore().blob("acme", GeneratedBytes.sha256(600, 10))).isEmpty();
    }

    @Test
    default void aValueWhoseReadingFailsIsNotStored(@TempDir Path spool) {
        InputStream failing = new java.io.SequenceInputStream(GeneratedBytes.stream(2000, 5),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset by the sender");
                    }
                });

        assertThatThrownBy(() -> blobs("acme", spool).put(failing, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
        assertThat(blobStore().blob("acme", GeneratedBytes.sha256(2000, 5))).isEmpty();
        assertThat(spool.toFile().list()).as("spool files left behind").isEmpty();
    }
}
