package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold: {@code kill -9} of a real {@code weft server} process while executions are
 * queued, running (a call in flight) and waiting (for a timer and for a signal); after a restart on the
 * same data directory every one of them finishes, and each effect after the kill happens once.
 */
class ServerKillIT {
    private static final String KEY = "test-admin-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private static final String SLOW = """
            id: slow
            namespace: ops
            steps:
              - {id: call, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/slow"}}
              - {id: done, type: transform, output: "{{ call.body.path }}"}
            """;
    private static final String NAP = """
            id: nap
            namespace: ops
            steps:
              - {id: nap, type: wait, duration: 3s}
              - {id: after, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/after"}}
            """;
    private static final String APPROVAL = """
            id: approval
            namespace: ops
            steps:
              - {id: approval, type: await, signal: approved}
              - {id: done, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/approved"}}
            """;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void executionsQueuedRunningAndWaitingAllFinishAfterAKill() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("weft.yaml");
        // Two executions at a time, so that the third slow one is queued behind two running ones.
        Files.writeString(config, "server: {port: 0}\nengine: {maxConcurrentExecutions: 2}\n");
        try (LocalServer stub = new LocalServer()) {
            String input = "{\"url\": \"" + stub.url() + "\"}";
            stub.hold("/slow");
            Process first = server(config, data, dir.resolve("first.log"));
            List<String> slow = new ArrayList<>();
            String nap;
            String approval;
            try {
                int port = port(first, dir.resolve("first.log"));
                for (String[] flow : new String[][]{{"slow", SLOW}, {"nap", NAP}, {"approval", APPROVAL}}) {
                    assertThat(call(port, "PUT", "/api/v1/flows/ops/" + flow[0], flow[1], "application/yaml")
                            .statusCode()).isEqualTo(201);
                }
                nap = start(port, "nap", input);
                approval = start(port, "approval", input);
                awaitTrue(
                        () -> status(port, nap).equals("waiting") && status(port, approval).equals("waiting"),
                        first, dir.resolve("first.log"));
                slow.add(start(port, "slow", input));
                slow.add(start(port, "slow", input));
                awaitTrue(() -> stub.requests("POST", "/slow").size() == 2, first, dir.resolve("first.log"));
                slow.add(start(port, "slow", input));

                assertThat(slow.stream().map(id -> status(port, id)).toList())
                        .containsExactly("running", "running", "queued");
                assertThat(status(port, nap)).isEqualTo("waiting");
                assertThat(status(port, approval)).isEqualTo("waiting");
            } finally {
                first.destroyForcibly(); // SIGKILL
                assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }

            stub.release("/slow");
            Process second = server(config, data, dir.resolve("second.log"));
            try {
                int port = port(second, dir.resolve("second.log"));
                assertThat(call(port, "POST", "/api/v1/executions/" + approval + "/signals/approved",
                        "{\"by\": \"ann\"}", "application/json").statusCode()).isEqualTo(202);
                List<String> all = new ArrayList<>(slow);
                all.add(nap);
                all.add(approval);
                awaitTrue(() -> all.stream().allMatch(id -> status(port, id).equals("succeeded")), second,
                        dir.resolve("second.log"));
                assertThat(get(port, "/api/v1/executions/" + slow.get(0)).get("output").asText())
                        .isEqualTo("/slow");
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            // Each slow call was made once per execution after the kill (the two cut off in flight are
            // made again with the same idempotency key); every effect after the kill happened once.
            assertThat(stub.requests("POST", "/slow").stream().map(LocalServer.Request::idempotencyKey)
                    .distinct()).hasSize(3);
            assertThat(stub.requests("POST", "/after")).hasSize(1);
            assertThat(stub.requests("POST", "/approved")).hasSize(1);
        }
    }

    private Process server(Path config, Path data, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", Path.of("target", "weft.jar").toString(),
                "server",
                "--config", config.toString(), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("WEFT_ADMIN_API_KEY", KEY);
        return pb.start();
    }

    private static int port(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                throw new AssertionError(
                        "weft server exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling another process's log
        }
        throw new AssertionError("weft server did not start within 60 s:\n" + Files.readString(log));
    }

    private static void awaitTrue(BooleanSupplier condition, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError(
                        "weft server exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling another process
        }
        throw new AssertionError("condition not met within 60 s:\n" + Files.readString(log));
    }

    private String start(int port, String flow, String input) throws Exception {
        HttpResponse<String> r = call(port, "POST", "/api/v1/flows/ops/" + flow + "/executions", input,
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private String status(int port, String id) {
        try {
            return get(port, "/api/v1/executions/" + id).get("status").asText();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = call(port, "GET", path, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> call(int port, String method, String path, String body, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + KEY);
        Map.of("Content-Type", type == null ? "" : type).forEach((k, v) -> {
            if (!v.isEmpty()) {
                request.header(k, v);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
