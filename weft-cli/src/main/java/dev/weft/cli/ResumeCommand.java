package dev.weft.cli;

import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft resume}: continues every unfinished execution in a data directory, then exits. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = {
        "Continue every unfinished execution in the data directory (after a crash or a stop), "
                + "waiting for their timers and retries, then exit.",
        "Executions waiting for a signal are listed and left waiting. Exit codes: 0 all ended succeeded, "
                + "1 some failed, 3 some still wait for a signal."})
final class ResumeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOption data;

    @Mixin
    SystemsOption systems;

    @Mixin
    MockOption mock;

    @Override
    public Integer call() throws Exception {
        try (Embedded weft = Embedded.open(data.existing(), systems.file, new Console(System.err),
                Weft.environment(spec), mock.file)) {
            Set<String> unfinished = Set.copyOf(weft.client
                    .executions(Embedded.CALLER, ExecutionQuery.all(Embedded.CALLER.tenant())
                            .withStatuses(Set.of(ExecutionStatus.QUEUED, ExecutionStatus.RUNNING,
                                    ExecutionStatus.WAITING))
                            .withLimit(0))
                    .stream().map(ExecutionRecord::id).toList());
            System.err.println(unfinished.size() + " unfinished execution(s) in " + data.dir);
            weft.engine.start();
            weft.engine.wake();
            List<Settle.Unfinished> waiting = Settle.await(weft, null, null);
            int failed = 0;
            for (String id : unfinished) {
                ExecutionRecord r = weft.client.execution(Embedded.CALLER, id).orElseThrow();
                System.err.println("execution " + id + " " + r.status().wireName());
                if (r.status() == ExecutionStatus.FAILED || r.status() == ExecutionStatus.CANCELLED) {
                    failed++;
                }
            }
            waiting.forEach(w -> System.err.println("execution " + w.execution().id() + " is " + w.reason()));
            if (failed > 0) {
                return ExitCodes.EXECUTION_FAILED;
            }
            return waiting.isEmpty() ? ExitCodes.OK : ExitCodes.STILL_WAITING;
        }
    }
}
