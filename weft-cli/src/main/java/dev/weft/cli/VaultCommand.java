package dev.weft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft vault}: the credential vault's master key. */
@Command(name = "vault", mixinStandardHelpOptions = true, description = {
        "Manage the credential vault's master key (see docs/design/vault.md)."}, subcommands = {
                VaultRotateCommand.class, VaultAddKeyCommand.class})
final class VaultCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
