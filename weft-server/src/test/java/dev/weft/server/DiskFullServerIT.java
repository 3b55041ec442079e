package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.config.ServerSettings;
import dev.weft.store.jdbc.SqliteStorage;
import dev.weft.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under a running server (SQLite's {@code max_page_count}, lifted again as when space comes
 * back): {@code /ready} answers 503 while commits fail and 200 once they succeed, with no restart, and
 * what was accepted before is still there.
 */
class DiskFullServerIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final String FLOW = """
            id: echo
            namespace: ops
            steps:
              - id: shape
                type: transform
                output: "{{ input.note }}"
            """;

    @TempDir
    Path data;
    WeftServer server;
    ServerCalls api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), Clock.systemUTC());
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readySaysNotReadyWhileCommitsFailAndRecoversWithoutARestartOnceSpaceIsBack() throws Exception {
        api.deploy("ops", "echo", FLOW);
        String before = start("{\"note\": \"before\"}").body();
        String beforeId = ServerCalls.JSON.readTree(before).get("id").asText();
        assertThat(api.awaitEnd(beforeId, Duration.ofSeconds(30)).get("status").asText())
                .isEqualTo("succeeded");
        assertThat(ready()).isEqualTo(200);

        SqliteStorage storage = (SqliteStorage) server.storage();
        storage.limitPages(storage.pageCount());
        String big = "{\"note\": \"" + "x".repeat(300_000) + "\"}";
        HttpResponse<String> refused = start(big);
        assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(500);
        assertThat(ready()).isEqualTo(503);
        assertThat(ready()).isEqualTo(503);

        storage.limitPages(0);
        Eventually.until("/ready answers 200", Duration.ofSeconds(30), () -> ready() == 200);
        HttpResponse<String> after = start(big);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        String afterId = ServerCalls.JSON.readTree(after.body()).get("id").asText();
        assertThat(api.awaitEnd(afterId, Duration.ofSeconds(30)).get("status").asText())
                .isEqualTo("succeeded");
        assertThat(api.get("/api/v1/executions/" + beforeId).get("output").asText()).isEqualTo("before");
    }

    private HttpResponse<String> start(String input) throws Exception {
        return api.call("POST", "/api/v1/flows/ops/echo/executions", input, "application/json");
    }

    private int ready() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
