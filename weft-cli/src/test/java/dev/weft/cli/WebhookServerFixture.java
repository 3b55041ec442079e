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
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server in this JVM (SQLite, egress to 127.0.0.1 allowed) and a local receiver, started before each
 * test, with {@code weft webhooks} run against it: the fixture of the {@code weft webhooks} tests.
 */
abstract class WebhookServerFixture {
    static final String KEY = "webhooks-test-admin-key-7f3a0c5e9b21";
    static final Pattern CREATED = Pattern.compile("created endpoint (\\S+) for");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    WeftServer server;
    LocalServer receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new LocalServer();
        server = WeftServer.start(ServerSettings.defaults().withDataDir(dir.resolve("data")).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", KEY),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    /** {@code weft webhooks args...} with the server and key in the environment; the key is never printed. */
    CommandLineRun webhooks(String... args) {
        List<String> command = new ArrayList<>(List.of("webhooks"));
        command.addAll(List.of(args));
        CommandLineRun run = CommandLineRun.weft(
                Map.of("WEFT_SERVER", "http://127.0.0.1:" + server.port(), "WEFT_API_KEY", KEY),
                command.toArray(String[]::new));
        assertThat(run.all()).as("the API key is never printed").doesNotContain(KEY);
        return run;
    }

    /** Runs a command that must succeed; its output. */
    CommandLineRun ok(String... args) {
        CommandLineRun run = webhooks(args);
        assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.all()).isZero();
        return run;
    }

    /** The id of the endpoint a create printed (on standard error). */
    static String createdId(CommandLineRun create) {
        Matcher m = CREATED.matcher(create.err());
        assertThat(m.find()).as(create.err()).isTrue();
        return m.group(1);
    }

    static JsonNode json(CommandLineRun run) throws Exception {
        return Json.MAPPER.readTree(run.out());
    }

    /** An endpoint's deliveries as the API's JSON, through the command line. */
    List<JsonNode> deliveries(String endpoint, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("deliveries", endpoint, "--json"));
        args.addAll(List.of(options));
        List<JsonNode> items = new ArrayList<>();
        json(ok(args.toArray(String[]::new))).get("items").forEach(items::add);
        return items;
    }

    /** Publishes a custom event through the API, as a tenant's system would. */
    void publish(String type, String payload) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\": \"" + type + "\", \"payload\": " + payload + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
