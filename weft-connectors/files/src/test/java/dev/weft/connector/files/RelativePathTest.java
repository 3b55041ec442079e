package dev.weft.connector.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import org.junit.jupiter.api.Test;

class RelativePathTest {

    @Test
    void dropsEmptyAndDotSegments() throws Exception {
        assertThat(RelativePath.of("path", "./a//b/./c.txt").toString()).isEqualTo("a/b/c.txt");
        assertThat(RelativePath.of("path", "").isRoot()).isTrue();
        assertThat(RelativePath.of("path", "a/b.txt").parent().toString()).isEqualTo("a");
    }

    @Test
    void refusesParentSegmentsAbsolutePathsAndBackslashesNamingTheField() {
        for (String bad : new String[]{"..", "a/../b", "/etc", "\\\\server\\share", "C:/x", "a\\..\\b"}) {
            assertThatThrownBy(() -> RelativePath.of("to", bad)).as(bad).isInstanceOfSatisfying(
                    ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("files.outside_root");
                        assertThat(e.getMessage()).startsWith("'to'");
                    });
        }
    }
}
