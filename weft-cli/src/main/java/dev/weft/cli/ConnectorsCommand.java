package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft connectors ...}: commands about connectors; {@code import-openapi} so far. */
@Command(name = "connectors", mixinStandardHelpOptions = true, description = "Commands about connectors.", subcommands = {
        ImportOpenApiCommand.class})
final class ConnectorsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
