package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft sync}: a server's data sync jobs through its REST API: where they stand, their runs, the
 * records that failed, the conflicts held for review and their resolution. Jobs are deployed with
 * {@code weft deploy}. See docs/sync.md.
 */
@Command(name = "sync", mixinStandardHelpOptions = true, description = {
        "Follow and drive a Weft server's data sync jobs through its REST API: list them, show where one stands,"
                + " run it (and follow the run), list its runs, the records that failed and the conflicts held"
                + " for review, and resolve a conflict. Deploy jobs (files with kind: sync) with weft deploy.",
        "The server and key are those of weft deploy: --server URL or WEFT_SERVER, the key in WEFT_API_KEY"
                + " or --key-file FILE.",
        SyncCommand.EXIT_CODES}, subcommands = {SyncCommand.ListCommand.class,
                SyncCommand.StatusCommand.class,
                SyncRunCommand.Run.class, SyncRunCommand.Resync.class, SyncHistoryCommand.Runs.class,
                SyncHistoryCommand.Failures.class, SyncConflictsCommand.class, SyncResolveCommand.class})
final class SyncCommand implements Runnable {
    static final String EXIT_CODES = "Exit codes: 0 done; 1 the server could not be reached, refused the key"
            + " (401) or the key's permission (403), could not do it now (409, 429: try again) or failed; 2 bad"
            + " options, or the server refused the request (a bad field, an unknown job or conflict).";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints {@code items} as the API's {@code {"items": [...]}}. */
    static void printItems(List<JsonNode> items) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("items").addAll(items);
        System.out.println(Json.pretty(body));
    }

    /** Checks a --limit. */
    static int limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be 1 or more, but was " + limit);
        }
        return limit;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
            "List the sync jobs with their links (records paired), failures, open conflicts and last run.",
            EXIT_CODES})
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Option(names = "--json", description = "Print the API's JSON, {\"items\": [...]}.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return SyncClient.run(server, spec, client -> {
                List<JsonNode> jobs = client.jobs();
                if (json) {
                    printItems(jobs);
                } else if (jobs.isEmpty()) {
                    System.err.println(
                            "no sync jobs; deploy one (a file with kind: sync) with weft deploy FILE");
                } else {
                    SyncViews.jobs(jobs).forEach(System.out::println);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {
            "Show where a job stands: its sides, links, failures, open conflicts, and its last run with its"
                    + " counts (and, while it runs, its phase and the records read so far).",
            EXIT_CODES})
    static final class StatusCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
        String job;

        @Mixin
        ServerOptions server;

        @Option(names = "--json", description = "Print the API's JSON (with the job's source).")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return SyncClient.run(server, spec, client -> {
                JsonNode status = client.job(job);
                if (json) {
                    System.out.println(Json.pretty(status));
                } else {
                    SyncViews.job(status).forEach(System.out::println);
                }
                return ExitCodes.OK;
            });
        }
    }
}
