package dev.weft.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code weft} command: validate, run, resume and inspect flows on an embedded store; run the server,
 * deploy flows and sync jobs to it, manage its outbound webhooks and data sync, and rotate its vault's master
 * key.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Weft: durable integration flows.%n", subcommands = {
        ValidateCommand.class, RunCommand.class, ResumeCommand.class, ExecutionsCommand.class,
        SignalCommand.class, ServerCommand.class, DeployCommand.class, VaultCommand.class,
        EventsCommand.class, KeysCommand.class, AuditCommand.class, ConnectorsCommand.class,
        WebhooksCommand.class, SyncCommand.class,
        CommandLine.HelpCommand.class})
public final class Weft implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    private Weft(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** Runs the command line with {@code environment} in place of the process's (tests set their own). */
    static int execute(Map<String, String> environment, String... args) {
        // @file is ours (JSON input from a file), not picocli's argument files.
        return new CommandLine(new Weft(environment)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExpandAtFiles(false)
                .setExecutionExceptionHandler(Weft::failed)
                .execute(args);
    }

    /** The environment variables the command runs with. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        return ((Weft) spec.root().userObject()).environment;
    }

    /**
     * An unexpected failure (the data directory cannot be written, the database is locked...): one
     * line saying what went wrong, not a stack trace; {@code WEFT_DEBUG=1} shows the trace.
     */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return ExitCodes.INVALID;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + " failed: " + describe(e));
        if (System.getenv("WEFT_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println("(set WEFT_DEBUG=1 to see where)");
        }
        return ExitCodes.EXECUTION_FAILED;
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !out.toString().contains(c.getMessage())) {
                out.append(": ").append(c.getMessage());
            }
        }
        return out.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
