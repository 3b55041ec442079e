package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weft} command: validate, run, resume and inspect flows on an embedded store. */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Weft: durable integration flows.%n", subcommands = {
        ValidateCommand.class, RunCommand.class, ResumeCommand.class, ExecutionsCommand.class,
        SignalCommand.class, CommandLine.HelpCommand.class})
public final class Weft implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        // @file is ours (JSON input from a file), not picocli's argument files.
        return new CommandLine(new Weft()).setCaseInsensitiveEnumValuesAllowed(true).setExpandAtFiles(false)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
