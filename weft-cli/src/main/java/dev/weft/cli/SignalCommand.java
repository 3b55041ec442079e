package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft signal EXECUTION NAME}: delivers a signal and continues the execution. */
@Command(name = "signal", mixinStandardHelpOptions = true, description = {
        "Send a named signal (with JSON data) to an execution, resuming an `await` step.",
        "If no other process is driving the execution, this command continues it until it ends or waits again.",
        "A signal sent before the execution reaches its await is kept until then.",
        "Exit codes: 0 ended succeeded, 1 failed, 2 unknown or ended execution, 3 still waiting."})
final class SignalCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION", description = "The execution id.")
    String executionId;

    @Parameters(index = "1", paramLabel = "NAME", description = "The signal name, as in the await step.")
    String name;

    @Option(names = {"--data",
            "--payload"}, paramLabel = "JSON|@file", defaultValue = "{}", description = "The signal's data, as JSON text or @file. Default: {}")
    String payload;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DataOption.DEFAULT, description = "Data directory of the embedded store. (Here --data is the signal's data.) "
            + "Default: ${DEFAULT-VALUE}")
    java.nio.file.Path dataDir;

    @Mixin
    SystemsOption systems;

    @Override
    public Integer call() throws Exception {
        JsonNode value;
        try {
            value = Json.argument("--payload", payload);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        try (Embedded weft = Embedded.open(dataDir, systems.file, new Console(System.err),
                Weft.environment(spec))) {
            if (!weft.engine.signal(executionId, name, value)) {
                System.err.println("execution " + executionId + " does not exist in " + dataDir
                        + " or has already ended");
                return ExitCodes.INVALID;
            }
            System.err.println("signal '" + name + "' recorded for execution " + executionId);
            weft.engine.start();
            weft.engine.wake();
            List<Settle.Unfinished> waiting = Settle.await(weft.engine, executionId, null);
            ExecutionRecord r = weft.store.execution(weft.engine.tenant(), executionId).orElseThrow();
            return RunCommand.report(r, waiting);
        }
    }
}
