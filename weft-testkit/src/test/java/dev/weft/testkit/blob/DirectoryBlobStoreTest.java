package dev.weft.testkit.blob;

import dev.weft.engine.store.BlobStore;
import dev.weft.testkit.store.BlobContract;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The blob store connector tests use passes the contract the database stores pass. */
class DirectoryBlobStoreTest implements BlobContract {
    @TempDir
    Path root;
    private BlobStore store;

    @BeforeEach
    void open() {
        store = DirectoryBlobStore.in(root.resolve("blobs"));
    }

    @Override
    public BlobStore blobStore() {
        return store;
    }
}
