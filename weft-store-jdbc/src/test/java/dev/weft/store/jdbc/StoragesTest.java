package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoragesTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryOpensSqliteInIt() {
        try (Storage storage = Storages.open(dir.resolve("data").toString())) {
            assertThat(storage).isInstanceOf(SqliteStorage.class);
            assertThat(storage.describe())
                    .isEqualTo("sqlite:" + dir.resolve("data/weft.db").toAbsolutePath());
        }
    }

    @Test
    void anotherJdbcUrlIsRefusedWithoutQuotingItsParameters() {
        assertThatThrownBy(() -> Storages.open("jdbc:sqlite:/tmp/x.db?password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:/tmp/x.db")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void anEmptyLocationIsRefused() {
        assertThatThrownBy(() -> Storages.open(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data directory or a jdbc:postgresql: URL");
    }

    @Test
    void anUnreachablePostgresqlIsNamedWithoutItsPassword() {
        // Port 1 on the loopback refuses at once: nothing listens there.
        assertThatThrownBy(() -> Storages.open("jdbc:postgresql://127.0.0.1:1/weft?password=s3cret", "weft",
                "hunter2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to postgresql://127.0.0.1:1/weft")
                .hasMessageContaining("check the storage URL, user and password")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("hunter2");
    }
}
