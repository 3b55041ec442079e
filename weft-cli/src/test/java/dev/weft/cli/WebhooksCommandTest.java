package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code weft webhooks}' options: what each command sends, and the mistakes it refuses (exit 2) before it
 * talks to any server. What the server answers is WebhooksCommandIT's.
 */
class WebhooksCommandTest {
    /** A server and key in the environment, so that only the options can be wrong. */
    static final Map<String, String> ENV = Map.of("WEFT_SERVER", "http://127.0.0.1:1", "WEFT_API_KEY",
            "cli-test-key-0123456789");

    private static CommandLineRun weft(String... args) {
        return CommandLineRun.weft(ENV, args);
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("endpoints"),
                List.of("endpoints", "list"),
                List.of("endpoints", "show"), List.of("endpoints", "create"), List.of("endpoints", "update"),
                List.of("endpoints", "delete"), List.of("endpoints", "rotate-secret"), List.of("deliveries"),
                List.of("deliveries", "show"), List.of("retry"), List.of("replay"), List.of("test"))) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("webhooks"),
                    java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help")))
                    .toArray(String[]::new);
            CommandLineRun help = weft(args);
            assertThat(help.exit()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).as(String.join(" ", args)).contains("Usage: weft webhooks", "Exit codes");
        }
        assertThat(weft("--help").out()).contains("webhooks");
        assertThat(weft("webhooks", "--help").out()).contains("endpoints", "deliveries", "retry", "replay",
                "test");
    }

    @Test
    void createSendsTheGivenFieldsOnly() throws Exception {
        WebhookEndpointsCommand.CreateCommand create = new WebhookEndpointsCommand.CreateCommand();
        new CommandLine(create).parseArgs("--url", "https://hooks.example.com/weft", "--events",
                "execution.*,invoice.approved", "--header", "X-Team=billing", "--header", "X-Trace=a=b",
                "--rate-limit", "20", "--description", "billing");

        assertThat(create.fields.json()).isEqualTo(
                json("""
                        {"url": "https://hooks.example.com/weft", "events": ["execution.*", "invoice.approved"],
                         "headers": {"X-Team": "billing", "X-Trace": "a=b"}, "rateLimit": 20, "description": "billing"}
                        """));
    }

    @Test
    void updateSendsWhatChangesAndNullForWhatIsCleared() throws Exception {
        WebhookEndpointsCommand.UpdateCommand update = new WebhookEndpointsCommand.UpdateCommand();
        new CommandLine(update).parseArgs("ep_1", "--events", "flow.*", "--clear", "filter,rate-limit",
                "--disable");

        assertThat(update.change()).isEqualTo(json("""
                {"events": ["flow.*"], "filter": null, "rateLimit": null, "enabled": false}"""));

        WebhookEndpointsCommand.UpdateCommand enable = new WebhookEndpointsCommand.UpdateCommand();
        new CommandLine(enable).parseArgs("ep_1", "--enable", "--concurrency", "4");
        assertThat(enable.change()).isEqualTo(json("{\"concurrency\": 4, \"enabled\": true}"));
    }

    @Test
    void deliveriesReadTimesAsExecutionsListDoes() {
        WebhookDeliveriesCommand list = new WebhookDeliveriesCommand();
        list.clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-06T18:00:00Z"),
                java.time.ZoneOffset.UTC);
        new CommandLine(list).parseArgs("ep_1", "--status", "failed,pending", "--type", "execution.failed",
                "--since", "2h", "--until", "2026-12-06T17:30:00Z");

        WebhooksClient.DeliveryFilter filter = list.filter();
        assertThat(filter.statuses()).containsExactly("failed", "pending");
        assertThat(filter.types()).containsExactly("execution.failed");
        assertThat(filter.since()).isEqualTo(java.time.Instant.parse("2026-12-06T16:00:00Z"));
        assertThat(filter.until()).isEqualTo(java.time.Instant.parse("2026-12-06T17:30:00Z"));
    }

    @Test
    void badOptionsAreRefusedNamingTheOptionBeforeAnyServerIsAsked() {
        Map<List<String>, String> refused = new java.util.LinkedHashMap<>();
        refused.put(List.of("endpoints", "create", "--events", "execution.*"), "--url");
        refused.put(List.of("endpoints", "create", "--url", "https://a.example"), "--events");
        refused.put(List.of("endpoints", "create", "--url", "https://a.example", "--events", "a.b",
                "--rate-limit", "0"), "--rate-limit must be a whole number of 1 or more, but was 0");
        refused.put(List.of("endpoints", "create", "--url", "https://a.example", "--events", "a.b",
                "--concurrency", "many"), "--concurrency");
        refused.put(
                List.of("endpoints", "create", "--url", "https://a.example", "--events", "a.b", "--header",
                        "X-Team"),
                "--header");
        refused.put(List.of("endpoints", "update", "ep_1"), "nothing to change");
        refused.put(List.of("endpoints", "update", "ep_1", "--enable", "--disable"), "--enable or --disable");
        refused.put(List.of("endpoints", "update", "ep_1", "--clear", "url"),
                "url and events cannot be cleared");
        refused.put(List.of("endpoints", "update", "ep_1", "--filter", "x", "--clear", "filter"),
                "--clear filter and --filter contradict");
        refused.put(List.of("endpoints", "show"), "ID");
        refused.put(List.of("deliveries"), "which endpoint?");
        refused.put(List.of("deliveries", "ep_1", "--status", "done"),
                "--status takes pending, succeeded, failed (comma separated), but was 'done'");
        refused.put(List.of("deliveries", "ep_1", "--since", "yesterday"),
                "--since must be an ISO-8601 instant");
        refused.put(List.of("deliveries", "ep_1", "--since", "200000000000d"),
                "--since must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, or a duration before now such"
                        + " as 15m, 1h, 7d or PT30M, within the years 0001 to 9999, but was '200000000000d'");
        refused.put(List.of("deliveries", "ep_1", "--until", "+999999999-12-31T23:59:59Z"),
                "--until must be an ISO-8601 instant");
        refused.put(List.of("replay", "ep_1", "--since", "+10000-01-01T00:00:00Z"), "within the years 0001 to"
                + " 9999");
        refused.put(List.of("deliveries", "ep_1", "--since", "1h", "--until", "2h"),
                "must not be after --until");
        refused.put(List.of("deliveries", "ep_1", "--limit", "0"), "--limit must be 1 or more");
        refused.put(List.of("deliveries", "show"), "DELIVERY_ID");
        refused.put(List.of("retry"), "DELIVERY_ID");
        refused.put(List.of("replay", "ep_1", "--since", "1h", "--status", "lost"), "--status takes");
        refused.put(List.of("replay", "ep_1", "--since", "last week"), "--since must be");
        refused.put(List.of("replay", "ep_1"), "--since is required");
        refused.put(List.of("test", "ep_1"), "--type");
        refused.put(List.of("test", "ep_1", "--type", "invoice.approved", "--payload", "{bad"),
                "--payload is not valid JSON");
        refused.forEach((args, message) -> {
            List<String> all = new java.util.ArrayList<>(List.of("webhooks"));
            all.addAll(args);
            CommandLineRun run = weft(all.toArray(String[]::new));
            assertThat(run.exit()).as(all + ": " + run.all()).isEqualTo(ExitCodes.INVALID);
            assertThat(run.err()).as(all.toString()).contains(message).doesNotContain("cannot connect");
        });
    }

    @Test
    void withoutAServerOrAKeyTheCommandSaysWhichIsMissing() {
        CommandLineRun noServer = CommandLineRun.weft(Map.of(), "webhooks", "endpoints", "list");
        assertThat(noServer.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(noServer.err()).contains("--server URL", "WEFT_SERVER");
        CommandLineRun noKey = CommandLineRun.weft(Map.of("WEFT_SERVER", "http://127.0.0.1:1"), "webhooks",
                "endpoints", "list");
        assertThat(noKey.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(noKey.err()).contains("WEFT_API_KEY", "--key-file");
    }

    @Test
    void aServerOutOfReachFailsTheCommandWithExitOne() {
        // Port 1 on this machine: nothing listens there, the connection is refused at once.
        CommandLineRun run = weft("webhooks", "replay", "ep_1", "--since", "1h");
        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot connect to the server at http://127.0.0.1:1")
                .doesNotContain(ENV.get("WEFT_API_KEY"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRefusalIsInvalidUnlessTheKeyTheServerOrTheMomentWasWrong() {
        assertThat(new ServerApi.Failure(400, "webhook.invalid", "url", "m", List.of()).exitCode())
                .isEqualTo(ExitCodes.INVALID);
        assertThat(new ServerApi.Failure(404, "not_found", "no endpoint", "m", List.of()).exitCode())
                .isEqualTo(ExitCodes.INVALID);
        // A conflict with another change (409) and too many requests (429) may pass when tried again.
        for (int status : new int[]{0, 401, 403, 409, 429, 500, 503}) {
            assertThat(
                    new ServerApi.Failure(status, status == 0 ? null : "x", null, "m", List.of()).exitCode())
                    .as("status " + status).isEqualTo(ExitCodes.FAILED);
        }
        assertThat(new ServerApi.Failure(404, null, null, "not the Weft API", List.of()).exitCode())
                .isEqualTo(ExitCodes.FAILED);
    }
}
