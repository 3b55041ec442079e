package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft sync run JOB} and {@code weft sync resync JOB}: queue a run, and with {@code --wait} follow it
 * to its end by polling {@code GET /api/v1/sync/{job}/runs/{run}}, printing a line whenever it moved.
 */
abstract class SyncRunCommand implements Callable<Integer> {
    static final String EXIT_CODES = "Exit codes: 0 queued (without --wait) or succeeded; 1 the run failed or"
            + " was cancelled (its error is printed), or the server could not be reached, refused the key or its"
            + " permission, or failed; 2 bad options, or the server refused the request (an unknown job); 3"
            + " --wait-timeout passed while the run goes on.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** The first pause between polls; it doubles up to {@link #MAX_POLL}, so short runs end quickly. */
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofSeconds(2);

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
    String job;

    @Option(names = "--wait", description = "Follow the run until it ends: a line on standard error whenever it"
            + " moves (its phase, records read, counts), then its counts; exit 0 when it succeeded, 1 when not.")
    boolean wait;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", description = "With --wait, stop following after"
            + " this long (the run goes on; exit 3). Default: follow until it ends.")
    String waitTimeout;

    @Option(names = "--json", description = "Print the run as the API's JSON (with --wait: the ended run).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    /** Whether this is a resync: a full comparison of every record on both sides. */
    abstract boolean full();

    @Override
    public Integer call() throws Exception {
        Duration limit = waitTimeout == null ? null : Durations.parse("--wait-timeout", waitTimeout);
        if (limit != null && (!wait || limit.isNegative() || limit.isZero())) {
            throw new IllegalArgumentException(wait
                    ? "--wait-timeout must be positive, but was '" + waitTimeout + "'"
                    : "--wait-timeout goes with --wait");
        }
        return SyncClient.run(server, spec, client -> {
            JsonNode run = client.queue(job, full());
            long id = run.path("id").asLong();
            if (!wait) {
                if (json) {
                    System.out.println(Json.pretty(run));
                } else {
                    System.out.println(
                            "queued " + (full() ? "resync " : "run ") + id + " of " + job + "; follow it"
                                    + " with weft sync status " + job);
                }
                return ExitCodes.OK;
            }
            System.err.println("queued " + (full() ? "resync " : "run ") + id + " of " + job);
            return follow(client, run, limit);
        });
    }

    private int follow(SyncClient client, JsonNode queued, Duration limit)
            throws ServerApi.Failure, InterruptedException {
        long id = queued.path("id").asLong();
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        Duration pause = FIRST_POLL;
        JsonNode run = queued;
        String shown = null;
        while (true) {
            String status = run.path("status").asText();
            // Counts grow as pages commit; "read so far" is in the progress already.
            String line = status.equals("queued")
                    ? "queued"
                    : WebhookViews.printable(status) + ": " + SyncViews.progress(run) + "; "
                            + SyncViews.counts(run).replaceFirst("^\\d+ read, ", "");
            if (!line.equals(shown) && !ended(status)) {
                System.err.println(LocalTime.now().format(TIME) + " run " + id + " " + line);
                shown = line;
            }
            if (ended(status)) {
                return ended(run);
            }
            if (System.nanoTime() >= deadline) {
                System.err
                        .println("run " + id + " is still " + status + " after --wait-timeout " + waitTimeout
                                + "; it goes on: weft sync status " + job);
                return ExitCodes.STILL_WAITING;
            }
            // The CLI polls the server; the run itself does not wait on this.
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
            run = client.run(job, id);
        }
    }

    private int ended(JsonNode run) {
        String status = run.path("status").asText();
        if (json) {
            System.out.println(Json.pretty(run));
        } else {
            System.out.println(
                    "run " + run.path("id").asLong() + " of " + job + " " + WebhookViews.printable(status)
                            + ": " + SyncViews.counts(run));
        }
        if (!status.equals("succeeded")) {
            System.err.println("run " + run.path("id").asLong() + " " + WebhookViews.printable(status)
                    + (run.hasNonNull("error")
                            ? ": " + WebhookViews.printable(run.get("error").asText())
                            : ""));
            return ExitCodes.FAILED;
        }
        long failed = run.path("counts").path("failed").asLong();
        long conflicts = run.path("counts").path("conflicts").asLong();
        if (failed > 0) {
            System.err
                    .println(failed + (failed == 1 ? " record" : " records") + " failed; they are tried again"
                            + " by the next run: weft sync failures " + job);
        }
        if (conflicts > 0) {
            System.err.println(conflicts + (conflicts == 1 ? " conflict is" : " conflicts are") + " held for"
                    + " review: weft sync conflicts " + job);
        }
        return ExitCodes.OK;
    }

    private static boolean ended(String status) {
        return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {
            "Queue a run of a job now: the records changed since its last run are read and copied (or the run"
                    + " already queued is returned). With --wait, follow it to its end.",
            EXIT_CODES})
    static final class Run extends SyncRunCommand {
        @Override
        boolean full() {
            return false;
        }
    }

    @Command(name = "resync", mixinStandardHelpOptions = true, description = {
            "Queue a full comparison of a job's two sides: every record is read and compared by content, and"
                    + " records gone from a side are handled by the job's delete rule. With --wait, follow it.",
            EXIT_CODES})
    static final class Resync extends SyncRunCommand {
        @Override
        boolean full() {
            return true;
        }
    }
}
