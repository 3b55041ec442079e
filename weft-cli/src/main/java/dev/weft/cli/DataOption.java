package dev.weft.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}, shared by every command that opens the embedded store. */
final class DataOption {
    static final String DEFAULT = "./weft-data";

    @Option(names = {"--data",
            "--data-dir"}, paramLabel = "DIR", defaultValue = DEFAULT, description = "Data directory of the embedded store (created if missing). Default: ${DEFAULT-VALUE}")
    Path dir;
}
