package dev.weft.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --systems FILE}, shared by every command that drives executions (run, resume, signal). */
final class SystemsOption {
    @Option(names = "--systems", paramLabel = "FILE", description = "Systems the flow's call steps may name "
            + "(YAML or JSON: systems: {id: {connector, config, credential, policy}}, as PUT "
            + "/api/v1/systems/{id} takes them); credentials are names in this data directory's vault. "
            + "Default: none (call steps without a system only).")
    Path file;
}
