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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real {@code weft server} process (from target/weft.jar) and calls to its API as the admin. */
final class ServerProcess implements AutoCloseable {
    static final String KEY = "test-admin-key-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log) throws Exception {
        this.process = process;
        this.log = log;
        this.port = awaitPort();
    }

    /** Starts {@code weft server --config CONFIG --data DATA}, output to {@code log}, and waits until it listens. */
    static ServerProcess start(Path config, Path data, Path log) throws Exception {
        return start(config, data, log, java.util.Map.of());
    }

    /** As {@link #start(Path, Path, Path)}, with more environment variables. */
    static ServerProcess start(Path config, Path data, Path log, java.util.Map<String, String> env)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", Path.of("target", "weft.jar").toString(),
                "server",
                "--config", config.toString(), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("WEFT_ADMIN_API_KEY", KEY);
        // The stubs its flows call are on this machine: allowed explicitly, as on-premises targets would be.
        pb.environment().put("WEFT_EGRESS_ALLOW", "127.0.0.1/32");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            return new ServerProcess(p, log);
        } catch (Exception | Error e) {
            p.destroyForcibly();
            throw e;
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int awaitPort() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.exists(log) ? log() : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("weft server exited with " + process.exitValue() + ":\n" + log());
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling another process's output
        }
        throw new AssertionError("weft server did not start within 60 s:\n" + log());
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Polls {@code condition} for up to a minute; fails early, with the log, if the server exits. */
    void awaitTrue(BooleanSupplier condition) throws Exception {
        awaitTrue(Duration.ofSeconds(60), condition);
    }

    /** Polls {@code condition} for up to {@code limit}; fails early, with the log, if the server exits. */
    void awaitTrue(Duration limit, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("weft server exited with " + process.exitValue() + ":\n" + log());
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling another process
        }
        throw new AssertionError("condition not met within " + limit + ":\n" + log());
    }

    /** Sends SIGTERM (a graceful stop) and returns at once. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit; returns its exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("weft server exits:\n%s", log()).isTrue();
        return process.exitValue();
    }

    /** True while the server answers {@code /health}. */
    boolean answers() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    /** Starts an execution of {@code namespace/flow}; returns its id. */
    String startExecution(String namespace, String flow, String input) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/flows/" + namespace + "/" + flow + "/executions",
                input,
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    String status(String executionId) {
        try {
            return get("/api/v1/executions/" + executionId).get("status").asText();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = call("GET", path, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> call(String method, String path, String body, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + KEY);
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the server as SIGTERM does (gracefully) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
