package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft sync runs JOB} and {@code weft sync failures JOB}: what a job's runs did, and what they could not. */
final class SyncHistoryCommand {
    /** The most items one request asks for (the API's own limit). */
    static final int PAGE = 500;

    private SyncHistoryCommand() {
    }

    /** What the listing commands share: the job, how many, and JSON or a table. */
    abstract static class Listing implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
        String job;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N. Default:"
                + " ${DEFAULT-VALUE}")
        int limit;

        @Option(names = "--json", description = "Print the API's JSON, {\"items\": [...]}.")
        boolean json;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        /** Reads pages after {@code after} (null: the first) until {@link #limit} items or the last page. */
        abstract JsonNode page(SyncClient client, String after, int want)
                throws ServerApi.Failure, InterruptedException;

        /** The {@code after} of the page following {@code page}, whose last item is {@code last}. */
        abstract String next(JsonNode page, JsonNode last);

        abstract List<String> table(List<JsonNode> items);

        abstract String none();

        @Override
        public Integer call() throws Exception {
            SyncCommand.limit(limit);
            return SyncClient.run(server, spec, client -> {
                List<JsonNode> items = new ArrayList<>();
                String after = null;
                boolean more;
                do {
                    JsonNode page = page(client, after, Math.min(PAGE, limit - items.size()));
                    page.path("items").forEach(items::add);
                    more = page.hasNonNull("next") && !page.path("items").isEmpty();
                    after = more ? next(page, items.get(items.size() - 1)) : null;
                } while (more && items.size() < limit);
                if (json) {
                    SyncCommand.printItems(items);
                } else if (items.isEmpty()) {
                    System.err.println(none());
                } else {
                    table(items).forEach(System.out::println);
                }
                if (more) {
                    System.err.println("there are more than --limit " + limit + "; give a larger --limit");
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = {
            "List a job's runs, newest first, with their counts: records read, created, updated, deleted,"
                    + " unchanged, held as conflicts and failed.",
            SyncCommand.EXIT_CODES})
    static final class Runs extends Listing {
        @Override
        JsonNode page(SyncClient client, String after, int want)
                throws ServerApi.Failure, InterruptedException {
            return client.runs(job, after == null ? null : Long.valueOf(after), want);
        }

        @Override
        String next(JsonNode page, JsonNode last) {
            return last.path("id").asText();
        }

        @Override
        List<String> table(List<JsonNode> items) {
            return SyncViews.runs(items);
        }

        @Override
        String none() {
            return "no runs of " + job + " yet; start one with weft sync run " + job;
        }
    }

    @Command(name = "failures", mixinStandardHelpOptions = true, description = {
            "List the records of a job that could not be written (the target refused them, or their mapping"
                    + " failed), with the error; each is tried again by the next run.",
            SyncCommand.EXIT_CODES})
    static final class Failures extends Listing {
        @Override
        JsonNode page(SyncClient client, String after, int want)
                throws ServerApi.Failure, InterruptedException {
            return client.failures(job, after, want);
        }

        @Override
        String next(JsonNode page, JsonNode last) {
            return page.get("next").asText();
        }

        @Override
        List<String> table(List<JsonNode> items) {
            return SyncViews.failures(items);
        }

        @Override
        String none() {
            return "no failed records in " + job;
        }
    }
}
