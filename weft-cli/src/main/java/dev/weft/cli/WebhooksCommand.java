package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft webhooks}: a server's outbound webhooks through its REST API: endpoints, their deliveries and
 * attempts, and sending again. See docs/webhooks.md.
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true, description = {
        "Manage a Weft server's outbound webhooks through its REST API: endpoints (where events are sent,"
                + " signed the Standard Webhooks way), their deliveries and attempts, and sending again.",
        "The server and key are those of weft deploy: --server URL or WEFT_SERVER, the key in WEFT_API_KEY"
                + " or --key-file FILE.",
        WebhooksCommand.EXIT_CODES}, subcommands = {WebhookEndpointsCommand.class,
                WebhookDeliveriesCommand.class, WebhooksCommand.RetryCommand.class,
                WebhooksCommand.ReplayCommand.class, WebhooksCommand.TestCommand.class})
final class WebhooksCommand implements Runnable {
    static final String EXIT_CODES = "Exit codes: 0 done; 1 the server could not be reached, refused the key"
            + " (401) or the key's permission (403), could not do it now (409 another change came first, 429 too"
            + " many requests: try again) or failed; 2 bad options, or the server refused the request (a bad"
            + " field, an unknown id).";
    static final String STATUSES = "pending, succeeded, failed";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Checks delivery statuses given on the command line (the API's: pending, succeeded, failed). */
    static List<String> statuses(String option, List<String> statuses) {
        if (statuses == null) {
            return null;
        }
        for (String s : statuses) {
            if (!List.of("pending", "succeeded", "failed").contains(s)) {
                throw new IllegalArgumentException(
                        option + " takes " + STATUSES + " (comma separated), but was '"
                                + s + "'");
            }
        }
        return statuses;
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = {
            "Send a delivery again now, whatever its status, with the retry schedule started again; the"
                    + " receiver sees the same webhook-id.",
            EXIT_CODES})
    static final class RetryCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DELIVERY_ID", description = "A delivery's id, as weft webhooks"
                + " deliveries lists it.")
        String id;

        @Mixin
        ServerOptions server;

        @Option(names = "--json", description = "Print the delivery as the API's JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return WebhooksClient.run(server, spec, client -> {
                JsonNode delivery = client.retry(id);
                if (json) {
                    System.out.println(Json.pretty(delivery));
                } else {
                    System.out.println("delivery " + id + " is " + WebhookViews.text(delivery, "status")
                            + " again, due " + WebhookViews.text(delivery, "dueAt") + " (message "
                            + WebhookViews.text(delivery, "messageId") + " to endpoint "
                            + WebhookViews.text(delivery, "endpointId") + ")");
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = {
            "Send again every delivery of an endpoint created since --since whose status is one of --status"
                    + " (failed by default), with the retry schedule started again; prints how many.",
            "The endpoint must be enabled (weft webhooks endpoints update ID --enable).", EXIT_CODES})
    static final class ReplayCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT_ID")
        String endpoint;

        @Option(names = "--since", paramLabel = "TIME", description = "Required: the deliveries created at or"
                + " after TIME: " + Times.HELP + ".")
        String since;

        @Option(names = "--status", split = ",", paramLabel = "STATUS", description = "Only deliveries in these"
                + " statuses (" + STATUSES + "). Default: failed.")
        List<String> statuses;

        @Option(names = "--json", description = "Print the API's answer, {\"replayed\": N}.")
        boolean json;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        /** What a duration in --since counts back from. */
        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() throws Exception {
            if (since == null) {
                // As the API: no replay re-sends a whole history by omission.
                throw new IllegalArgumentException(
                        "--since is required: the deliveries created at or after it"
                                + " are sent again, such as --since 24h or --since 2026-12-06T18:00:00Z");
            }
            java.time.Instant from = Times.instant("--since", since, clock.instant());
            List<String> which = statuses("--status", statuses);
            return WebhooksClient.run(server, spec, client -> {
                int n = client.replay(endpoint, from, which);
                if (json) {
                    System.out.println(Json.MAPPER.createObjectNode().put("replayed", n));
                } else {
                    System.out.println(
                            "replayed " + n + (n == 1 ? " delivery" : " deliveries") + " of endpoint "
                                    + endpoint);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = {
            "Send an example event of a type to one endpoint now, whether or not it subscribes to the type:"
                    + " the catalog's example payload, or --payload. It is recorded and retried like any other"
                    + " delivery; weft webhooks deliveries show ID tells how it went.",
            EXIT_CODES})
    static final class TestCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT_ID")
        String endpoint;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The event type, such as"
                + " execution.failed (GET /api/v1/event-types lists the catalog).")
        String type;

        @Option(names = "--payload", paramLabel = "JSON|@FILE", description = "The event's payload, as JSON or"
                + " @file; default: the type's example.")
        String payload;

        @Option(names = "--json", description = "Print the delivery as the API's JSON.")
        boolean json;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode data = payload == null ? null : Json.argument("--payload", payload);
            return WebhooksClient.run(server, spec, client -> {
                JsonNode delivery = client.test(endpoint, type, data);
                if (json) {
                    System.out.println(Json.pretty(delivery));
                } else {
                    System.out.println("sent a test " + type + " to endpoint " + endpoint + ": delivery "
                            + WebhookViews.text(delivery, "id") + " (" + WebhookViews.text(delivery, "status")
                            + "); see weft webhooks deliveries show " + WebhookViews.text(delivery, "id"));
                }
                return ExitCodes.OK;
            });
        }
    }
}
