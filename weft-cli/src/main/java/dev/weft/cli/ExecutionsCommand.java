package dev.weft.cli;

import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionTrigger;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft executions list|show}: inspects executions in a data directory. */
@Command(name = "executions", mixinStandardHelpOptions = true, description = "List and show executions.", subcommands = {
        ExecutionsCommand.ListCommand.class, ExecutionsCommand.ShowCommand.class})
final class ExecutionsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List executions, newest first.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        DataOption data;

        @Option(names = "--flow", paramLabel = "NAMESPACE/ID", description = "Only this flow's executions.")
        String flow;

        @Option(names = "--status", split = ",", paramLabel = "STATUS", description = "Only these statuses: ${COMPLETION-CANDIDATES}.")
        List<ExecutionStatus> statuses;

        @Option(names = "--since", paramLabel = "TIME", description = "Only executions created at or after TIME: an "
                + "ISO-8601 instant such as 2026-11-22T10:00:00Z, or a duration before now such as 1h or 7d.")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Only executions created before TIME (same forms as --since).")
        String until;

        @Option(names = "--trigger", split = ",", paramLabel = "KIND", description = "Only executions started by these"
                + " kinds: manual, webhook, schedule, flow, subflow, replay, or a connector trigger's type such as"
                + " rabbitmq.consume.")
        List<String> triggers;

        @Option(names = "--id", paramLabel = "PREFIX", description = "Only executions whose id, or the id of what"
                + " started them (a replayed execution, a webhook delivery, an event), starts with PREFIX.")
        String idPrefix;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many. Default: ${DEFAULT-VALUE}")
        int limit;

        /** What durations in --since and --until count back from. */
        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            Instant now = clock.instant();
            Instant from = Times.instant("--since", since, now);
            Instant to = Times.instant("--until", until, now);
            Times.checkRange(from, to);
            Set<String> kinds = new java.util.TreeSet<>();
            for (String t : triggers == null ? List.<String>of() : triggers) {
                kinds.add(ExecutionTrigger.filterKind("--trigger", t));
            }
            String prefix = idPrefix == null ? null : ExecutionTrigger.idPrefix("--id", idPrefix);
            try (Embedded weft = Embedded.forReading(data.existing())) {
                Set<ExecutionStatus> filter = statuses == null ? Set.of() : EnumSet.copyOf(statuses);
                List<ExecutionRecord> rows = weft.client
                        .executions(Embedded.CALLER,
                                ExecutionQuery.all(Embedded.CALLER.tenant()).withFlow(flow)
                                        .withStatuses(filter).withCreatedFrom(from).withCreatedTo(to)
                                        .withTriggers(kinds).withIdPrefix(prefix).withLimit(limit));
                System.out.printf("%-36s  %-30s  %-9s  %-24s%n", "ID", "FLOW", "STATUS", "CREATED");
                for (ExecutionRecord r : rows) {
                    System.out.printf("%-36s  %-30s  %-9s  %-24s%n", r.id(),
                            r.namespace() + "/" + r.flowId() + " v"
                                    + r.flowVersion(),
                            r.status().wireName(), r.createdAt());
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one execution, its steps and their attempts as JSON (the API's execution view).")
    static final class ShowCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "EXECUTION")
        String id;

        @Mixin
        DataOption data;

        @Override
        public Integer call() {
            try (Embedded weft = Embedded.forReading(data.existing())) {
                var view = weft.client.view(Embedded.CALLER, id);
                if (view.isEmpty()) {
                    System.err.println("no execution " + id + " in " + data.dir);
                    return ExitCodes.INVALID;
                }
                System.out.println(Json.pretty(view.get()));
                return ExitCodes.OK;
            }
        }
    }
}
