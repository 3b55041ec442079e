package dev.weft.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --mock FILE}, shared by the commands that run steps ({@code run}, {@code signal}, {@code resume}). */
final class MockOption {
    @Option(names = "--mock", paramLabel = "FILE", description = "Answer the call steps named in this JSON file"
            + " ({\"STEP_ID\": OUTPUT, ...}) with the output written there instead of calling anything; each"
            + " mocked call is shown on standard error. Other calls run as usual.")
    Path file;
}
