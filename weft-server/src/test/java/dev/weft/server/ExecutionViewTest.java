package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import dev.weft.testkit.engine.StoppedClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/executions/{id}} through a running server: each step lists its attempts. */
class ExecutionViewTest {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    final HttpClient http = HttpClient.newHttpClient();
    WeftServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY),
                new StoppedClock(Instant.parse("2026-11-22T10:00:00Z")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyStepListsItsAttemptsWithTheirOutcome() throws Exception {
        var deployed = call("PUT", "/api/v1/flows/views/steps", """
                id: steps
                namespace: views
                steps:
                  - {id: skipped, type: transform, if: "{{ false }}", output: 1}
                  - {id: done, type: transform, output: 2}
                """);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        var started = call("POST", "/api/v1/flows/views/steps/executions", "{}");
        String id = JSON.readTree(started.body()).get("id").asText();

        Eventually.until("execution " + id + " succeeded", Duration.ofSeconds(20),
                () -> view(id).path("status")
                        .asText().equals("succeeded"));
        JsonNode execution = view(id);

        JsonNode steps = execution.get("steps");
        assertThat(steps.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(steps.get(0).get("history").get(0).get("outcome").asText()).isEqualTo("skipped");
        assertThat(steps.get(1).get("history")).hasSize(1);
        assertThat(steps.get(1).get("history").get(0).get("number").asInt()).isEqualTo(1);
        assertThat(steps.get(1).get("history").get(0).get("outcome").asText()).isEqualTo("succeeded");
    }

    JsonNode view(String id) throws Exception {
        return JSON.readTree(call("GET", "/api/v1/executions/" + id, null).body());
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", method.equals("PUT") ? "application/yaml" : "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
