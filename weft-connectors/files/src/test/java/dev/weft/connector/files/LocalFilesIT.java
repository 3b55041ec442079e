package dev.weft.connector.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.testkit.connector.TestSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations on a local folder (kind local). */
class LocalFilesIT extends FileOperationCases {
    @TempDir
    Path outside;

    @Override
    TestSystem system(Path home) {
        return TestSystem.named("files-local")
                .withConfig(JsonNodeFactory.instance.objectNode().put("kind", "local").put("root",
                        home.toString()));
    }

    @Test
    void refusesSymbolicLinksThatLeadOutsideTheRoot() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(home.resolve("escape"), outside);
        Files.createSymbolicLink(home.resolve("link.txt"), outside.resolve("secret.txt"));
        assertThat(failure("files.read", "{\"path\": \"escape/secret.txt\"}").code())
                .isEqualTo("files.outside_root");
        assertThat(failure("files.read", "{\"path\": \"link.txt\"}").code()).isEqualTo("files.outside_root");
        assertThat(failure("files.list", "{\"path\": \"escape\"}").code()).isEqualTo("files.outside_root");
        assertThat(failure("files.write", "{\"path\": \"escape/new.txt\", \"content\": \"x\"}").code())
                .isEqualTo("files.outside_root");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aLinkSwappedIntoThePathWhileItIsUsedNeverLeadsOutside() throws Exception {
        Files.writeString(outside.resolve("x.txt"), "outside");
        Path flip = home.resolve("flip");
        Path stash = home.resolve("stash");
        Files.createDirectory(flip);
        Files.writeString(flip.resolve("x.txt"), "inside");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger flips = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Exception> broken = new java.util.concurrent.atomic.AtomicReference<>();
        // Swaps the folder for a link to outside and back, as fast as it can, while the calls run
        Thread flipper = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    Files.move(flip, stash);
                    Files.createSymbolicLink(flip, outside);
                    Thread.onSpinWait();
                    Files.delete(flip);
                    Files.move(stash, flip);
                    flips.incrementAndGet();
                }
            } catch (java.io.IOException e) {
                broken.set(e);
            }
        });
        int read = 0;
        try {
            for (int i = 0; i < 300; i++) {
                try {
                    assertThat(call("files.read", "{\"path\": \"flip/x.txt\"}").get("content").asText())
                            .isEqualTo("inside");
                    read++;
                } catch (ConnectorException e) {
                    assertThat(e.code()).isIn("files.outside_root", "files.not_found");
                }
                try {
                    call("files.write", "{\"path\": \"flip/w" + i + ".txt\", \"content\": \"x\","
                            + " \"createDirectories\": false}");
                } catch (ConnectorException e) {
                    assertThat(e.code()).isIn("files.outside_root", "files.not_found", "files.io");
                }
            }
        } finally {
            stop.set(true);
            flipper.join();
        }
        assertThat(broken.get()).as("the swapping went on throughout").isNull();
        assertThat(flips.get()).isGreaterThan(100);
        try (var written = Files.list(outside)) {
            assertThat(written.map(p -> p.getFileName().toString())).containsExactly("x.txt");
        }
        assertThat(read).as("some reads found the folder in place").isPositive();
    }
}
