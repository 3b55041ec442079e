package dev.weft.engine.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolCleanupTest {

    @Test
    void onlySpoolFilesOlderThanTheAgeAreDeleted(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        Path stale = Files.writeString(dir.resolve("blob-1.spool"), "left by a killed process");
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofDays(2))));
        Path fresh = Files.writeString(dir.resolve("blob-2.spool"), "a put in progress");
        Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofMinutes(5))));
        Path other = Files.writeString(dir.resolve("notes.txt"), "not a spool file");
        Files.setLastModifiedTime(other, FileTime.from(now.minus(Duration.ofDays(30))));

        BlobSettings settings = BlobSettings.spoolingIn(dir);
        assertThat(StoredBlobs.deleteStaleSpoolFiles(settings, now, Duration.ofDays(1))).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        assertThat(StoredBlobs.deleteStaleSpoolFiles(BlobSettings.spoolingIn(dir.resolve("none")), now,
                Duration.ofDays(1))).isZero();
    }
}
