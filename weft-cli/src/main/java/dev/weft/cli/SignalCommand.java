package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.UnknownSignalException;
import dev.weft.engine.store.ExecutionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft signal EXECUTION NAME}: delivers a signal and continues the execution. */
@Command(name = "signal", mixinStandardHelpOptions = true, description = {
        "Send a named signal (with a JSON payload) to an execution, resuming an `await` step.",
        "If no other process is driving the execution, this command continues it until it ends or waits again.",
        "A signal sent before the execution reaches its await is kept until then; a name that no await step of"
                + " the execution's flow declares is refused, with the names it declares.",
        "Exit codes: 0 ended succeeded, 1 failed, 2 unknown or ended execution or unknown signal name,"
                + " 3 still waiting."})
final class SignalCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION", description = "The execution id.")
    String executionId;

    @Parameters(index = "1", paramLabel = "NAME", description = "The signal name, as in the await step.")
    String name;

    @Option(names = "--payload", paramLabel = "JSON|@file", description = "The signal's payload, as JSON text or"
            + " @file. Default: {}")
    String payload;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the embedded store, as in"
            + " every other command. Default: " + DataOption.DEFAULT
            + ". (Deprecated: a value that is JSON or"
            + " @file and not a directory is taken as the payload, with a warning; use --payload.)")
    String data;

    @picocli.CommandLine.Mixin
    MockOption mock;

    @Option(names = "--data-dir", paramLabel = "DIR", hidden = true, description = "Same as --data DIR.")
    Path dataDir;

    @Mixin
    SystemsOption systems;

    @Override
    public Integer call() throws Exception {
        String payloadText = payload;
        Path dir = dataDir;
        if (data != null) {
            if (looksLikePayload(data)) {
                if (payloadText != null) {
                    throw new IllegalArgumentException("--data " + data + " is not a directory and --payload"
                            + " is given too: give the payload once, with --payload");
                }
                System.err.println("weft signal: warning: --data with the signal's payload is deprecated; use"
                        + " --payload (--data names the data directory, as in every other command)");
                payloadText = data;
            } else if (dir != null) {
                throw new IllegalArgumentException("give the data directory once: --data or --data-dir");
            } else {
                dir = Path.of(data);
            }
        }
        dir = DataOption.existing(dir == null ? Path.of(DataOption.DEFAULT) : dir);
        JsonNode value = Json.argument("--payload", payloadText == null ? "{}" : payloadText);
        try (Embedded weft = Embedded.open(dir, systems.file, new Console(System.err), Weft.environment(spec),
                mock.file)) {
            boolean sent;
            try {
                sent = weft.client.signal(Embedded.CALLER, executionId, name, value);
            } catch (UnknownSignalException e) {
                System.err.println("weft signal: " + e.getMessage());
                return ExitCodes.INVALID;
            }
            if (!sent) {
                System.err.println("execution " + executionId + " does not exist in " + dir
                        + " or has already ended");
                return ExitCodes.INVALID;
            }
            System.err.println("signal '" + name + "' recorded for execution " + executionId);
            weft.engine.start();
            weft.engine.wake();
            List<Settle.Unfinished> waiting = Settle.await(weft, executionId, null);
            ExecutionRecord r = weft.client.execution(Embedded.CALLER, executionId).orElseThrow();
            return RunCommand.report(r, waiting);
        }
    }

    /** JSON text or @file, and not an existing directory: what --data meant before it named the directory. */
    private static boolean looksLikePayload(String value) {
        if (Files.isDirectory(Path.of(value))) {
            return false;
        }
        if (value.startsWith("@")) {
            return true;
        }
        try {
            Json.argument("--data", value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
