package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every flow in docs/flow-language.md (a ```yaml block with top-level {@code id} and {@code steps}) validates. */
class FlowLanguageDocTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");
    private static final Pattern FLOW = Pattern.compile("(?ms)\\A(?=.*^id: )(?=.*^steps:)");

    @TempDir
    Path dir;

    @Test
    void everyFlowInTheFlowLanguageReferenceValidates() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "flow-language.md"));
        Matcher block = YAML_BLOCK.matcher(doc);
        List<String> files = new ArrayList<>();
        while (block.find()) {
            String yaml = block.group(1);
            if (FLOW.matcher(yaml).find()) {
                int line = (int) doc.substring(0, block.start()).lines().count() + 2;
                Path file = Files.writeString(dir.resolve("flow-language.md-line-" + line + ".yaml"), yaml);
                files.add(file.toString());
            }
        }
        assertThat(files).hasSizeGreaterThan(5);
        List<String> args = new ArrayList<>(List.of("validate"));
        args.addAll(files);
        CommandLineRun run = CommandLineRun.weft(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.all()).isZero();
    }
}
