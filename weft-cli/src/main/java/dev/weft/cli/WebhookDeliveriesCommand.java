package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft webhooks deliveries ENDPOINT_ID}: an endpoint's deliveries, newest first; and
 * {@code weft webhooks deliveries show DELIVERY_ID}: one delivery with its attempts.
 */
@Command(name = "deliveries", mixinStandardHelpOptions = true, description = {
        "List an endpoint's deliveries, newest first: one per event sent to it, with its status (pending,"
                + " succeeded, failed), attempts and last answer. 'deliveries show DELIVERY_ID' shows one with"
                + " every attempt.",
        WebhooksCommand.EXIT_CODES}, subcommands = WebhookDeliveriesCommand.ShowCommand.class)
final class WebhookDeliveriesCommand implements Callable<Integer> {
    /** The most deliveries one request asks for (the API's own limit). */
    static final int PAGE = 1000;

    // Optional for picocli, so that 'deliveries show ID' is not refused for the missing endpoint.
    @Parameters(index = "0", arity = "0..1", paramLabel = "ENDPOINT_ID", description = "The endpoint's id, as"
            + " weft webhooks endpoints list shows it.")
    String endpoint;

    @Option(names = "--status", split = ",", paramLabel = "STATUS", description = "Only these statuses: "
            + WebhooksCommand.STATUSES + " (comma separated).")
    List<String> statuses;

    @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "Only these event types (comma"
            + " separated).")
    List<String> types;

    @Option(names = "--since", paramLabel = "TIME", description = "Only deliveries created at or after TIME: "
            + Times.HELP + ".")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only deliveries created before TIME (same"
            + " forms as --since).")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N deliveries."
            + " Default: ${DEFAULT-VALUE}")
    int limit;

    @Option(names = "--all", description = "Every delivery that matches, however many (pages are read one after"
            + " the other).")
    boolean all;

    @Option(names = "--json", description = "Print the deliveries as JSON, {\"items\": [...]}, the API's"
            + " fields.")
    boolean json;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    /** What durations in --since and --until count back from. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (endpoint == null) {
            throw new IllegalArgumentException(
                    "which endpoint? Give ENDPOINT_ID (weft webhooks endpoints list"
                            + " shows them), or 'show DELIVERY_ID' for one delivery");
        }
        WebhooksClient.DeliveryFilter filter = filter();
        if (!all && limit < 1) {
            throw new IllegalArgumentException("--limit must be 1 or more, but was " + limit);
        }
        return WebhooksClient.run(server, spec, client -> {
            List<JsonNode> items = new ArrayList<>();
            String cursor = null;
            boolean more;
            do {
                int want = all ? PAGE : Math.min(PAGE, limit - items.size());
                JsonNode page = client.deliveries(endpoint, filter, cursor, want);
                page.path("items").forEach(items::add);
                cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
                more = cursor != null && !page.path("items").isEmpty();
            } while (more && (all || items.size() < limit));
            print(items);
            if (more && !all) {
                System.err.println(
                        "more deliveries than --limit " + limit + "; give --all, or a larger --limit");
            }
            return ExitCodes.OK;
        });
    }

    /** The filter the options give; throws {@link IllegalArgumentException} naming a bad one. */
    WebhooksClient.DeliveryFilter filter() {
        Instant now = clock.instant();
        Instant from = Times.instant("--since", since, now);
        Instant to = Times.instant("--until", until, now);
        Times.checkRange(from, to);
        return new WebhooksClient.DeliveryFilter(WebhooksCommand.statuses("--status", statuses), types, from,
                to);
    }

    private void print(List<JsonNode> items) {
        if (json) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.putArray("items").addAll(items);
            System.out.println(Json.pretty(body));
        } else if (items.isEmpty()) {
            System.err.println("no deliveries of endpoint " + endpoint + " match");
        } else {
            WebhookViews.deliveries(items).forEach(System.out::println);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = {
            "Show one delivery with every attempt: when, the answer's status, latency, and the error or the"
                    + " start of the answer's body (--json: all of it, with the request's headers).",
            WebhooksCommand.EXIT_CODES})
    static final class ShowCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DELIVERY_ID")
        String id;

        @Option(names = "--json", description = "Print the API's JSON: the delivery, its message and every attempt"
                + " (history).")
        boolean json;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return WebhooksClient.run(server, spec, client -> {
                JsonNode delivery = client.delivery(id);
                if (json) {
                    System.out.println(Json.pretty(delivery));
                } else {
                    WebhookViews.delivery(delivery).forEach(System.out::println);
                }
                return ExitCodes.OK;
            });
        }
    }
}
