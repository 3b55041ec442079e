package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft webhooks endpoints list|show|create|update|delete|rotate-secret}. */
@Command(name = "endpoints", mixinStandardHelpOptions = true, description = {
        "List, show, create, change and delete the endpoints events are sent to, and rotate their signing"
                + " secrets.",
        WebhooksCommand.EXIT_CODES}, subcommands = {WebhookEndpointsCommand.ListCommand.class,
                WebhookEndpointsCommand.ShowCommand.class, WebhookEndpointsCommand.CreateCommand.class,
                WebhookEndpointsCommand.UpdateCommand.class, WebhookEndpointsCommand.DeleteCommand.class,
                WebhookEndpointsCommand.RotateSecretCommand.class})
final class WebhookEndpointsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints an endpoint as the API's JSON or field by field. */
    private static void print(JsonNode endpoint, boolean json) {
        if (json) {
            System.out.println(Json.pretty(endpoint));
        } else {
            WebhookViews.endpoint(endpoint).forEach(System.out::println);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the endpoints.",
            WebhooksCommand.EXIT_CODES})
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Option(names = "--json", description = "Print the API's JSON, {\"items\": [...]}.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return WebhooksClient.run(server, spec, client -> {
                List<JsonNode> endpoints = client.endpoints();
                if (json) {
                    ObjectNode body = Json.MAPPER.createObjectNode();
                    body.putArray("items").addAll(endpoints);
                    System.out.println(Json.pretty(body));
                } else if (endpoints.isEmpty()) {
                    System.err
                            .println("no endpoints; create one with weft webhooks endpoints create --url URL"
                                    + " --events TYPES");
                } else {
                    WebhookViews.endpoints(endpoints).forEach(System.out::println);
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = {"Show one endpoint.",
            WebhooksCommand.EXIT_CODES})
    static final class ShowCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        ServerOptions server;

        @Option(names = "--json", description = "Print the API's JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return WebhooksClient.run(server, spec, client -> {
                print(client.endpoint(id), json);
                return ExitCodes.OK;
            });
        }
    }

    /** The fields of an endpoint that create and update take; only those given are sent. */
    static final class Fields {
        @Option(names = "--url", paramLabel = "URL", description = "Where deliveries are POSTed (https://...)."
                + " The server's egress rules apply: a private or loopback address needs its egress.allow.")
        String url;

        @Option(names = "--events", split = ",", paramLabel = "TYPE", description = "The event types sent,"
                + " comma separated; '*' matches any part, as in execution.* or *.")
        List<String> events;

        @Option(names = "--filter", paramLabel = "EXPR", description = "A JSONata expression on the event's"
                + " payload: only events for which it is true are sent.")
        String filter;

        @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A header sent with every delivery"
                + " (repeat for several; on update, they replace all of the endpoint's headers). Put no secret"
                + " there: the signature is the receiver's proof.")
        Map<String, String> headers;

        @Option(names = "--rate-limit", paramLabel = "N", description = "At most N deliveries per second to"
                + " this endpoint.")
        Integer rateLimit;

        @Option(names = "--concurrency", paramLabel = "N", description = "At most N deliveries in flight to this"
                + " endpoint at once.")
        Integer concurrency;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the endpoint is for.")
        String description;

        /** The fields given, as the API's JSON. */
        ObjectNode json() {
            positive("--rate-limit", rateLimit);
            positive("--concurrency", concurrency);
            ObjectNode o = Json.MAPPER.createObjectNode();
            if (url != null) {
                o.put("url", url);
            }
            if (events != null) {
                events.forEach(e -> {
                    if (e.isBlank()) {
                        throw new IllegalArgumentException("--events must be event types such as execution.*"
                                + " or invoice.approved, comma separated, without empty ones");
                    }
                });
                events.forEach(o.putArray("events")::add);
            }
            if (filter != null) {
                o.put("filter", filter);
            }
            if (headers != null) {
                ObjectNode h = o.putObject("headers");
                new LinkedHashMap<>(headers).forEach(h::put);
            }
            if (rateLimit != null) {
                o.put("rateLimit", rateLimit);
            }
            if (concurrency != null) {
                o.put("concurrency", concurrency);
            }
            if (description != null) {
                o.put("description", description);
            }
            return o;
        }

        private static void positive(String option, Integer n) {
            if (n != null && n < 1) {
                throw new IllegalArgumentException(
                        option + " must be a whole number of 1 or more, but was " + n);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
            "Create an endpoint. Its signing secret is printed on standard output, once: keep it where the"
                    + " receiver verifies signatures (docs/webhooks.md). The endpoint's id is on standard error.",
            WebhooksCommand.EXIT_CODES})
    static final class CreateCommand implements Callable<Integer> {
        @Mixin
        Fields fields;

        @Option(names = "--disabled", description = "Create it disabled: nothing is sent until it is enabled.")
        boolean disabled;

        @Option(names = "--json", description = "Print the API's whole answer (the endpoint with its secret)"
                + " instead of the secret alone.")
        boolean json;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (fields.url == null || fields.events == null) {
                throw new IllegalArgumentException(
                        "an endpoint needs --url URL and --events TYPE,... (such as"
                                + " --events 'execution.*')");
            }
            ObjectNode body = fields.json();
            if (disabled) {
                body.put("enabled", false);
            }
            return WebhooksClient.run(server, spec, client -> {
                JsonNode created = client.create(body);
                System.out.println(json ? Json.pretty(created) : created.path("secret").asText());
                System.err.println("created endpoint " + WebhookViews.text(created, "id") + " for "
                        + WebhookViews.text(created, "url") + " (" + WebhookViews.state(created) + ")");
                System.err.println("its signing secret is printed above and is not shown again; weft webhooks"
                        + " endpoints rotate-secret " + WebhookViews.text(created, "id")
                        + " issues a new one");
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = {
            "Change an endpoint: the options given, the others are left as they are. Enabling a disabled"
                    + " endpoint does not resend what failed meanwhile: weft webhooks replay does.",
            WebhooksCommand.EXIT_CODES})
    static final class UpdateCommand implements Callable<Integer> {
        static final Map<String, String> CLEARABLE = Map.of("filter", "filter", "headers", "headers",
                "rate-limit", "rateLimit", "concurrency", "concurrency", "description", "description");

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        Fields fields;

        @Option(names = "--enable", description = "Enable it: deliveries are sent again.")
        boolean enable;

        @Option(names = "--disable", description = "Disable it: nothing is sent until it is enabled.")
        boolean disable;

        @Option(names = "--clear", split = ",", paramLabel = "FIELD", description = "Remove these optional"
                + " settings: filter, headers, rate-limit, concurrency, description.")
        List<String> clear;

        @Option(names = "--json", description = "Print the endpoint as the API's JSON.")
        boolean json;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ObjectNode change = change();
            return WebhooksClient.run(server, spec, client -> {
                print(client.update(id, change), json);
                return ExitCodes.OK;
            });
        }

        /** The PATCH body: the fields given, {@code null} for those cleared. */
        ObjectNode change() {
            if (enable && disable) {
                throw new IllegalArgumentException("give --enable or --disable, not both");
            }
            ObjectNode change = fields.json();
            for (String field : clear == null ? List.<String>of() : clear) {
                String name = CLEARABLE.get(field);
                if (name == null) {
                    throw new IllegalArgumentException(
                            "--clear takes filter, headers, rate-limit, concurrency"
                                    + " and description (url and events cannot be cleared), but was '" + field
                                    + "'");
                }
                if (change.has(name)) {
                    throw new IllegalArgumentException("--clear " + field + " and --" + field
                            + " contradict each other; give one");
                }
                change.putNull(name);
            }
            if (enable || disable) {
                change.put("enabled", enable);
            }
            if (change.isEmpty()) {
                throw new IllegalArgumentException("nothing to change: give the options to change, such as"
                        + " --url URL, --events TYPE,..., --enable or --disable");
            }
            return change;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {
            "Delete an endpoint with its deliveries, their attempts and its secrets.",
            WebhooksCommand.EXIT_CODES})
    static final class DeleteCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return WebhooksClient.run(server, spec, client -> {
                client.delete(id);
                System.out.println("deleted endpoint " + id);
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true, description = {
            "Issue a new signing secret, printed on standard output, once. Until the time printed on standard"
                    + " error (24 hours by default) deliveries are signed with both the new and the previous"
                    + " secret, so a receiver that knows either verifies them while it is switched.",
            WebhooksCommand.EXIT_CODES})
    static final class RotateSecretCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "Print the API's whole answer instead of the secret alone.")
        boolean json;

        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return WebhooksClient.run(server, spec, client -> {
                JsonNode rotated = client.rotateSecret(id);
                System.out.println(json ? Json.pretty(rotated) : rotated.path("secret").asText());
                System.err.println("the new signing secret of endpoint " + id + " is printed above and is not"
                        + " shown again; the previous one also signs deliveries until "
                        + WebhookViews.text(rotated, "previousSecretExpiresAt"));
                return ExitCodes.OK;
            });
        }
    }
}
