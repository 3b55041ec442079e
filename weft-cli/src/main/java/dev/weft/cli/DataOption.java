package dev.weft.cli;

import dev.weft.store.jdbc.SqliteStorage;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}, shared by every command that opens the embedded store. */
final class DataOption {
    static final String DEFAULT = "./weft-data";

    @Option(names = {"--data",
            "--data-dir"}, paramLabel = "DIR", defaultValue = DEFAULT, description = "Data directory of the embedded store (created if missing). Default: ${DEFAULT-VALUE}")
    Path dir;

    /**
     * The directory, for a command that only reads or continues what is there: throws (exit 2) when it holds
     * no store, rather than creating an empty one where a mistyped {@code --data} points.
     */
    Path existing() {
        return existing(dir);
    }

    static Path existing(Path dir) {
        if (!SqliteStorage.exists(dir)) {
            throw new IllegalArgumentException("no Weft store in " + dir.toAbsolutePath() + " (no weft.db):"
                    + " check --data, which names the data directory that `weft run` wrote (default "
                    + DEFAULT
                    + ")");
        }
        return dir;
    }
}
