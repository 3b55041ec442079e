package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {

    @TempDir
    Path dataDir;

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(dataDir);
    }

    @Override
    protected Storage reopenStorage() {
        return SqliteStorage.open(dataDir);
    }

    @Test
    void theDatabaseAndTheFilesBesideItAreReadableByTheirOwnerOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        storage().executions().deployFlow("acme", "acme.orders", "ship", "steps: []",
                java.time.Instant.EPOCH);

        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        for (String name : new String[]{"weft.db", "weft.db-wal", "weft.db-shm", "weft.db.migrate-lock"}) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(name))).as(name)
                    .isEqualTo(ownerOnly);
        }
    }

    @Test
    void aDatabaseCreatedReadableByOthersIsNarrowedWhenOpened(@TempDir Path other) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                other.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        SqliteStorage.open(other).close();
        var everyone = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        java.nio.file.Files.setPosixFilePermissions(other.resolve("weft.db"), everyone);

        SqliteStorage.open(other).close();

        assertThat(java.nio.file.Files.getPosixFilePermissions(other.resolve("weft.db")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void describesTheDatabaseFile() {
        assertThat(storage().describe()).isEqualTo("sqlite:" + dataDir.resolve("weft.db").toAbsolutePath());
    }

    @Test
    void aBlobIsKeptInChunksOfAtMostOneMebibyte() throws Exception {
        long size = 2L * JdbcBlobStore.CHUNK_BYTES + 10;
        dev.weft.connector.BlobRef ref = new dev.weft.connector.BlobRef(
                dev.weft.testkit.blob.GeneratedBytes.sha256(size, 1), size, null);
        storage().blobs().putBlob("acme", ref, dev.weft.testkit.blob.GeneratedBytes.stream(size, 1),
                java.time.Instant.EPOCH);

        try (var connection = java.sql.DriverManager
                .getConnection("jdbc:sqlite:" + dataDir.resolve("weft.db"));
                var select = connection
                        .prepareStatement("SELECT count(*), max(length(data)), sum(length(data))"
                                + " FROM blob_chunks WHERE tenant_id = 'acme' AND hash = ?")) {
            select.setString(1, ref.hash());
            try (var rs = select.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
                assertThat(rs.getInt(2)).isEqualTo(JdbcBlobStore.CHUNK_BYTES);
                assertThat(rs.getLong(3)).isEqualTo(size);
            }
        }
    }

    @Test
    void theExecutionStoreOfTheStorageAndAStandaloneOneShareTheFile() {
        storage().executions().deployFlow("acme", "acme.orders", "ship", "steps: []",
                java.time.Instant.EPOCH);

        try (SqliteExecutionStore standalone = SqliteExecutionStore.open(dataDir)) {
            assertThat(standalone.latestFlowVersion("acme", "acme.orders", "ship")).isPresent();
        }
    }
}
