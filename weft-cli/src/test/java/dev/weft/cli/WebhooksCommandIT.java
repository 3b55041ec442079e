package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.WeftServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft webhooks} against a real server in this JVM (SQLite), sending to a local receiver: endpoints
 * managed, deliveries listed, shown, retried and replayed; and docs/webhooks.md's commands run as written.
 */
class WebhooksCommandIT extends WebhookServerFixture {
    @Test
    void anEndpointIsCreatedListedChangedGivenANewSecretAndDeleted() throws Exception {
        CommandLineRun create = ok("endpoints", "create", "--url", receiver.url() + "/hook", "--events",
                "invoice.*,flow.deployed", "--header", "X-Team=billing", "--description", "billing");
        String secret = create.out().strip();
        assertThat(secret).matches("whsec_[A-Za-z0-9+/=]{40,}");
        assertThat(create.err()).contains("is not shown again").doesNotContain(secret);
        String id = createdId(create);

        assertThat(ok("endpoints", "list").out()).contains(id, "enabled", "invoice.*,flow.deployed",
                receiver.url() + "/hook", "billing");
        JsonNode listed = json(ok("endpoints", "list", "--json"));
        assertThat(listed.at("/items/0/id").asText()).isEqualTo(id);
        assertThat(listed.toString()).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(ok("endpoints", "show", id).out()).contains("headers         X-Team=billing",
                "secret version  1");

        assertThat(ok("endpoints", "update", id, "--rate-limit", "5", "--disable").out())
                .contains("rate limit      5/s", "state           disabled");
        JsonNode changed = json(ok("endpoints", "update", id, "--clear", "rate-limit,description", "--enable",
                "--json"));
        assertThat(changed.get("rateLimit").isNull()).isTrue();
        assertThat(changed.get("description").isNull()).isTrue();
        assertThat(changed.get("enabled").asBoolean()).isTrue();
        assertThat(changed.get("events")).hasSize(2);

        CommandLineRun rotated = ok("endpoints", "rotate-secret", id);
        assertThat(rotated.out().strip()).matches("whsec_[A-Za-z0-9+/=]{40,}").isNotEqualTo(secret);
        assertThat(rotated.err()).contains("previous one also signs deliveries until 20");
        assertThat(json(ok("endpoints", "show", id, "--json")).get("secretVersion").asInt()).isEqualTo(2);

        assertThat(ok("endpoints", "delete", id).out()).contains("deleted endpoint " + id);
        CommandLineRun gone = webhooks("endpoints", "show", id);
        assertThat(gone.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(gone.err()).contains("answered 404 not_found");
    }

    @Test
    void whatTheServerRefusesIsExitTwoWithItsReason() {
        CommandLineRun badUrl = webhooks("endpoints", "create", "--url", "ftp://127.0.0.1/hook", "--events",
                "a.b");
        assertThat(badUrl.exit()).as(badUrl.all()).isEqualTo(ExitCodes.INVALID);
        assertThat(badUrl.err()).contains("answered 400", "url");
        assertThat(badUrl.out()).isEmpty();
        CommandLineRun unknown = webhooks("retry", "dlv_unknown");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknown.err()).contains("404");
        CommandLineRun wrongKey = CommandLineRun
                .weft(Map.of("WEFT_SERVER", "http://127.0.0.1:" + server.port(),
                        "WEFT_API_KEY", "not-the-key-0000000000"), "webhooks", "endpoints", "list");
        assertThat(wrongKey.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(wrongKey.err()).contains("refused the API key");
    }

    @Test
    void aFailedDeliveryIsShownWithItsAttemptsRetriedAndReplayed() throws Exception {
        receiver.respond("/hook", 500);
        String id = createdId(ok("endpoints", "create", "--url", receiver.url() + "/hook", "--events",
                "invoice.approved"));
        CommandLineRun test = ok("test", id, "--type", "invoice.approved", "--payload",
                "{\"invoice\": \"INV-7\"}");
        assertThat(test.out()).contains("sent a test invoice.approved to endpoint " + id);

        Eventually.until("the first attempt was answered 500", PATIENCE,
                () -> deliveries(id).get(0).path("lastStatus").asInt() == 500);
        String delivery = deliveries(id).get(0).get("id").asText();
        assertThat(ok("deliveries", id, "--status", "pending,failed").out()).contains(delivery, "500",
                "invoice.approved");
        assertThat(ok("deliveries", id, "--status", "succeeded").err()).contains("no deliveries");
        assertThat(ok("deliveries", "show", delivery).out()).contains("endpoint      " + id,
                "type          invoice.approved", "ATTEMPT", "failed", "500", "\"path\":\"/hook\"");

        receiver.respond("/hook", 200);
        assertThat(ok("retry", delivery).out()).contains("delivery " + delivery + " is pending again");
        Eventually.until("the retried delivery succeeded", PATIENCE,
                () -> deliveries(id).get(0).path("status").asText().equals("succeeded"));
        assertThat(receiver.requests("POST", "/hook")).hasSizeGreaterThanOrEqualTo(2);

        // A 410 disables the endpoint and fails its delivery; enabled again, a replay sends it again.
        receiver.respond("/hook", 410);
        publish("invoice.approved", "{\"invoice\": \"INV-8\"}");
        Eventually.until("the endpoint was disabled by the 410", PATIENCE,
                () -> !json(ok("endpoints", "show", id, "--json")).get("enabled").asBoolean());
        assertThat(deliveries(id, "--status", "failed")).hasSize(1);
        CommandLineRun disabled = webhooks("replay", id, "--since", "1h");
        // the endpoint's state, not the request, is in the way (409): exit 1, with the server's words
        assertThat(disabled.exit()).as(disabled.all()).isEqualTo(ExitCodes.FAILED);
        assertThat(disabled.all()).contains("enable it first");
        receiver.respond("/hook", 200);
        ok("endpoints", "update", id, "--enable");
        assertThat(ok("replay", id, "--since", "1h").out()).contains("replayed 1 delivery of endpoint " + id);
        Eventually.until("the replayed delivery succeeded", PATIENCE,
                () -> deliveries(id, "--status", "succeeded").size() == 2);

        CommandLineRun limited = ok("deliveries", id, "--limit", "1");
        assertThat(limited.out().lines()).hasSize(2);
        assertThat(limited.err()).contains("more deliveries than --limit 1");
        assertThat(deliveries(id, "--all")).hasSize(2);
    }

    @Test
    void theCommandsOfTheWebhooksPageRunAsWritten() throws Exception {
        List<List<String>> lines = DocCommands.weftLines(Path.of("..", "docs", "webhooks.md"),
                "./weft webhooks ");
        assertThat(lines.get(0)).startsWith("webhooks", "endpoints", "create");
        assertThat(lines).hasSizeGreaterThan(8);
        String endpoint = null;
        for (List<String> line : lines) {
            String current = endpoint;
            String[] args = line.stream().skip(1).map(w -> w.equals("$ENDPOINT") ? current : w)
                    .toArray(String[]::new);
            CommandLineRun run = ok(args);
            if (endpoint == null) {
                endpoint = createdId(run);
            }
        }
        assertThat(json(ok("endpoints", "show", endpoint, "--json")).get("enabled").asBoolean()).isTrue();
    }
}
