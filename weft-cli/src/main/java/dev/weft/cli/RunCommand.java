package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.InvalidFlowException;
import dev.weft.engine.InvalidInputException;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.FlowVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft run FLOW}: deploys a flow file and runs one execution of it to the end. */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Deploy a flow file to the embedded store and run one execution of it to the end.",
        "Each step is shown on standard error as it starts and ends; the execution's output is printed as JSON "
                + "on standard output.",
        "Exit codes: 0 succeeded, 1 failed, 2 invalid flow or input, 3 still waiting (a signal, or --timeout)."})
final class RunCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FLOW", description = "The flow file (YAML or JSON).")
    Path flowFile;

    @Option(names = {"-i",
            "--input"}, paramLabel = "JSON|@file", defaultValue = "{}", description = "The execution input, as JSON text or @file. Default: {}")
    String input;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop waiting after this long (ISO-8601 such as PT30S, or 30s, 5m); the execution stays "
            + "durable and `weft resume` continues it. Default: wait until it ends.")
    String timeout;

    @Mixin
    DataOption data;

    @Mixin
    SystemsOption systems;

    @Mixin
    MockOption mock;

    @Override
    public Integer call() throws Exception {
        String source;
        try {
            source = Files.readString(flowFile);
        } catch (IOException e) {
            System.err.println("cannot read " + flowFile + ": " + e.getMessage());
            return ExitCodes.INVALID;
        }
        JsonNode in;
        java.time.Duration wait;
        try {
            wait = timeout == null ? null : Durations.parse("--timeout", timeout);
            in = Json.argument("--input", input);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        try (Embedded weft = Embedded.open(data.dir, systems.file, new Console(System.err),
                Weft.environment(spec), mock.file)) {
            FlowVersion version;
            try {
                if (weft.mocks != null) {
                    weft.mocks.checkAgainst(weft.client.validate(flowFile.toString(), source));
                }
                version = weft.client.deploy(Embedded.CALLER, flowFile.toString(), source);
            } catch (InvalidFlowException e) {
                e.problems().forEach(p -> System.err.println(p));
                return ExitCodes.INVALID;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return ExitCodes.INVALID;
            }
            String id;
            try {
                id = weft.client.start(Embedded.CALLER, version, in, null, null).id();
            } catch (InvalidInputException e) {
                System.err.println(e.getMessage());
                return ExitCodes.INVALID;
            }
            System.err
                    .println("execution " + id + " of " + version.namespace() + "/" + version.flowId() + " v"
                            + version.version());
            weft.engine.start();
            Instant deadline = timeout == null
                    ? null
                    : Instant.now().plus(wait);
            List<Settle.Unfinished> waiting = Settle.await(weft, id, deadline);
            ExecutionRecord result = weft.client.execution(Embedded.CALLER, id).orElseThrow();
            return report(result, waiting);
        }
    }

    static int report(ExecutionRecord result, List<Settle.Unfinished> waiting) {
        if (result.status() == ExecutionStatus.SUCCEEDED) {
            System.out
                    .println(Json.pretty(result.output() == null ? Json.MAPPER.nullNode() : result.output()));
            return ExitCodes.OK;
        }
        if (result.status().terminal()) {
            System.err.println("execution " + result.id() + " " + result.status().wireName()
                    + (result.error() == null ? "" : ": " + result.error().path("message").asText()));
            if (result.error() != null) {
                System.out.println(Json.pretty(Json.MAPPER.createObjectNode().set("error", result.error())));
            }
            return ExitCodes.EXECUTION_FAILED;
        }
        waiting.forEach(w -> System.err.println("execution " + w.execution().id() + " is " + w.reason()));
        return ExitCodes.STILL_WAITING;
    }

}
