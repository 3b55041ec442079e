package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft sync resolve JOB CONFLICT (--take left|right | --record JSON)}. */
@Command(name = "resolve", mixinStandardHelpOptions = true, description = {
        "Decide a conflict: take one side's record as it is (--take), or give the record as it should be on"
                + " both sides (--record, in the right side's synced fields; the left side gets them through"
                + " mapping.toLeft). The server queues a run that writes it.",
        SyncCommand.EXIT_CODES})
final class SyncResolveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
    String job;

    @Parameters(index = "1", paramLabel = "CONFLICT", description = "The conflict's id, as weft sync conflicts"
            + " JOB lists it.")
    String conflict;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Resolution resolution;

    /** One of the two ways to decide. */
    static final class Resolution {
        @Option(names = "--take", paramLabel = "SIDE", description = "left or right: that side's record wins.")
        String take;

        @Option(names = "--record", paramLabel = "JSON|@FILE", description = "The right side's synced fields as"
                + " they should be, as a JSON object or @file, such as {\"credit_limit\": 5000}.")
        String record;
    }

    @Option(names = "--json", description = "Print the conflict as the API's JSON.")
    boolean json;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (resolution.take != null) {
            if (!resolution.take.equals("left") && !resolution.take.equals("right")) {
                throw new IllegalArgumentException(
                        "--take takes left or right, but was '" + resolution.take + "'");
            }
            body.put("take", resolution.take);
        } else {
            JsonNode record = Json.argument("--record", resolution.record);
            if (!record.isObject()) {
                throw new IllegalArgumentException("--record must be a JSON object of fields, such as"
                        + " {\"credit_limit\": 5000}, but was " + WebhookViews.cell(record.toString()));
            }
            body.set("record", record);
        }
        return SyncClient.run(server, spec, client -> {
            JsonNode resolved = client.resolve(job, conflict, body);
            if (json) {
                System.out.println(Json.pretty(resolved));
            } else {
                System.out.println("conflict " + conflict + " of " + job + " is "
                        + WebhookViews.text(resolved, "status")
                        + "; a run to write it is queued (weft sync runs " + job + ")");
            }
            return ExitCodes.OK;
        });
    }
}
