package dev.weft.connector.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
}
