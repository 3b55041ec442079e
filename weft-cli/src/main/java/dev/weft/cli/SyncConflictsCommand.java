package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft sync conflicts JOB [--status S]}: the records held for review, with the fields in conflict. */
@Command(name = "conflicts", mixinStandardHelpOptions = true, description = {
        "List a job's conflicts: records changed on both sides that its rules held for review, with each field"
                + " in conflict and its value on each side. Resolve one with weft sync resolve JOB CONFLICT.",
        SyncCommand.EXIT_CODES})
final class SyncConflictsCommand extends SyncHistoryCommand.Listing {
    static final List<String> STATUSES = List.of("open", "resolved", "applied", "any");

    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "open", description = "open (held for"
            + " review), resolved (decided, to be written by the next run), applied (written) or any."
            + " Default: ${DEFAULT-VALUE}")
    String status;

    @Override
    public Integer call() throws Exception {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("--status takes open, resolved, applied or any, but was '"
                    + status + "'");
        }
        return super.call();
    }

    @Override
    JsonNode page(SyncClient client, String after, int want) throws ServerApi.Failure, InterruptedException {
        return client.conflicts(job, status, after, want);
    }

    @Override
    String next(JsonNode page, JsonNode last) {
        return page.get("next").asText();
    }

    @Override
    List<String> table(List<JsonNode> items) {
        return SyncViews.conflicts(items);
    }

    @Override
    String none() {
        return "no " + (status.equals("any") ? "" : status + " ") + "conflicts in " + job;
    }
}
